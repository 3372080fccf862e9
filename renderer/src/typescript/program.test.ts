import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseGraph } from '../../../engine/core/serialize.js';
import { exportGraph } from '../../../engine/export/export-graph.js';
import { formatProgram } from '../../../engine/export/format-program.js';
import { readRepoSource } from '../../../engine/export/node-library-source.js';
import { createRegistry } from '../../../graph-nodes/index.js';
import { programFileName } from '../platform/platform.js';
import { SAMPLES } from '../gallery/samples.js';
import { librarySources, readLibrarySource } from './library-sources.js';
import { buildProgram } from './build-program.js';
import { exportKey, rememberLast } from './program.js';

const registry = createRegistry();
const sample = (file: string) => parseGraph(readFileSync(`samples/${file}`, 'utf8'));

describe('the TypeScript tab\'s program', () => {
  it('bundles each library module as the file on disk holds it, by its path from the repository root', () => {
    expect(librarySources.size).toBeGreaterThan(40);
    for (const [path, text] of librarySources) {
      expect(path).toMatch(/^(engine|graph-nodes)\//);
      expect(path).not.toMatch(/\.test\.ts$/);
      expect(text, path).toBe(readRepoSource(path));
    }
    expect(() => readLibrarySource('cli/main.ts')).toThrow('"cli/main.ts" is not among the library sources the app bundles');
  });

  it('is, for every sample, the very program `pretrain-lab export` writes (or the same refusal)', async () => {
    expect(SAMPLES.length).toBeGreaterThan(3);
    let exported = 0;
    for (const { file, doc } of SAMPLES) {
      const fileName = programFileName(doc.name);
      const r = await buildProgram(doc, registry);
      let cli: { source: string; omitted: string[] } | Error;
      try {
        const e = exportGraph(doc, { registry, read: readRepoSource, fileName });
        cli = { source: await formatProgram(e.source), omitted: e.omitted };
      } catch (e) {
        cli = e as Error;
      }
      if (cli instanceof Error) {
        expect(r.ok, `${file}: the CLI refuses it (${cli.message}), the tab must too`).toBe(false);
        expect(!r.ok && r.problem).toContain(cli.message.split('\n')[0]!.replace(/^node [^:]+: /, ''));
        continue;
      }
      if (!r.ok) throw new Error(`${file}: ${r.problem}`);
      exported++;
      expect(r.fileName).toBe(fileName);
      expect(r.text === cli.source, file).toBe(true);
      expect(r.text).toContain('const config: Config = {');
      expect(r.text).toContain(`npx tsx ${fileName}`);
      // the nodes the exporter leaves out, with their titles for the status line
      expect(r.omitted).toEqual(cli.omitted.map((id) => ({ id, title: registry.get(doc.nodes.find((n) => n.id === id)!.type)!.title })));
    }
    expect(exported).toBeGreaterThan(3);
    expect((await buildProgram(sample('causal-lm.graph.json'), registry)).ok).toBe(true);
  });

  it('says which node stops the export, and why, instead of throwing', async () => {
    const doc = sample('causal-lm.graph.json');
    const blocks = doc.nodes.find((n) => n.id === 'blocks')!;
    blocks.params = { ...blocks.params, blockSize: 200 };
    expect(await buildProgram(doc, registry)).toEqual({
      ok: false,
      nodeId: 'positions',
      problem: 'node positions.hidden: sequences have 199 positions but maxLength is 64: raise maxLength to at least 199',
    });
    const empty = { ...doc, nodes: [], edges: [], notes: [], layout: {} };
    expect(await buildProgram(empty, registry)).toMatchObject({ ok: false, nodeId: null, problem: expect.stringContaining('the graph is empty') });
    const twoProblems = { ...doc, nodes: doc.nodes.filter((n) => n.id !== 'optimizer' && n.id !== 'corpus') };
    const r = await buildProgram(twoProblems, registry);
    expect(!r.ok && r.problem).toMatch(/\(and \d+ more problems?: see Problems\)$/);
  });

  it('is written once per graph: moving nodes does not write it again', async () => {
    const doc = sample('masked-lm.graph.json');
    const moved = { ...doc, layout: Object.fromEntries(Object.entries(doc.layout).map(([id, p]) => [id, { x: p.x + 10, y: p.y }])) };
    expect(exportKey(moved)).toBe(exportKey(doc));
    let builds = 0;
    const programFor = rememberLast((d) => (builds++, buildProgram(d, registry)));
    expect(programFor(moved)).toBe(programFor(doc));
    expect(builds).toBe(1);
    const renamed = { ...doc, name: 'Other' };
    expect(exportKey(renamed)).not.toBe(exportKey(doc));
    const r = await programFor(renamed);
    expect(builds).toBe(2);
    expect(r.ok && r.fileName).toBe('other.ts');
  });

  it('proposes a file name from the graph\'s name', () => {
    expect(programFileName('Causal LM (GPT-style) on Moby-Dick')).toBe('causal-lm-gpt-style-on-moby-dick.ts');
    expect(programFileName('Ünïcode / names: ok?')).toBe('unicode-names-ok.ts');
    expect(programFileName('  ')).toBe('program.ts');
    expect(programFileName(undefined)).toBe('program.ts');
    expect(programFileName('x'.repeat(300))).toBe(`${'x'.repeat(80)}.ts`);
  });
});
