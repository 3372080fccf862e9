import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../graph-nodes/index.js';
import type { GraphDocument } from '../engine/core/graph-document.js';
import { pathSettings, ReadablePaths, unpickedPaths } from './training-paths.js';

const registry = createRegistry();
const sample = (name: string): GraphDocument => JSON.parse(readFileSync(`samples/${name}.graph.json`, 'utf8'));

function withCorpus(path: string): GraphDocument {
  const doc = sample('causal-lm');
  doc.nodes = doc.nodes.map((n) => (n.type === 'data/text-corpus' ? { ...n, params: { ...n.params, source: 'file', path } } : n));
  return doc;
}

describe('what a training process may read for the renderer', () => {
  it('names nothing for the built-in corpora', () => {
    expect(pathSettings(sample('causal-lm'), registry)).toEqual([]);
    expect(unpickedPaths(sample('masked-lm'), registry, new ReadablePaths())).toEqual([]);
  });

  it('refuses a corpus path the user did not pick, naming the node and setting', () => {
    expect(unpickedPaths(withCorpus('/etc/shadow'), registry, new ReadablePaths())).toEqual([
      expect.stringMatching(/^node corpus: path "\/etc\/shadow" was not chosen in this session: choose it again with the node's file picker/),
    ]);
  });

  it('permits a picked file, and files inside a picked folder, but not a sibling or a way out', () => {
    const r = new ReadablePaths();
    r.allowFile('/home/u/notes.txt');
    r.allowFolder('/home/u/corpus');
    expect(unpickedPaths(withCorpus('/home/u/notes.txt'), registry, r)).toEqual([]);
    expect(unpickedPaths(withCorpus('/home/u/corpus/a/b.txt'), registry, r)).toEqual([]);
    expect(unpickedPaths(withCorpus('/home/u/corpus'), registry, r)).toEqual([]);
    expect(unpickedPaths(withCorpus('/home/u/corpus-private/x.txt'), registry, r)).toHaveLength(1);
    expect(unpickedPaths(withCorpus('/home/u/corpus/../.ssh/id_ed25519'), registry, r)).toHaveLength(1);
    expect(unpickedPaths(withCorpus('relative.txt'), registry, r, '/home/u')).toHaveLength(1);
  });

  it("reads a continued-pretraining run's folder, at its default when the setting is left out", () => {
    const doc = sample('continued-pretraining');
    const load = doc.nodes.find((n) => n.type === 'checkpoint/load-weights')!;
    delete (load.params as Record<string, unknown>).run;
    expect(pathSettings(doc, registry, '/work')).toContainEqual({ nodeId: load.id, param: 'run', path: join('/work', 'runs/masked-lm') });
    const r = new ReadablePaths();
    r.allowFolder('/app/runs');
    expect(unpickedPaths(doc, registry, r, '/work')).toHaveLength(1);
    (load.params as Record<string, unknown>).run = '/app/runs/run-1';
    expect(unpickedPaths(doc, registry, r, '/work')).toEqual([]);
  });
});
