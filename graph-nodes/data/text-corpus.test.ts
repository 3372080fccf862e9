import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeRunError } from '../../engine/core/diagnostics.js';
import type { DataSource } from '../../engine/data/data-source.js';
import { createNodeDataSource } from '../../engine/data/node-data-source.js';
import type { TextSplits } from '../../engine/data/values.js';
import type { SourceNode } from '../../engine/registry/define-node.js';
import { splitText, textCorpusNode, type TextCorpusParams } from './text-corpus.js';

const node = textCorpusNode as SourceNode<TextCorpusParams>;
const realData = createNodeDataSource();

async function run(params: Partial<TextCorpusParams>, data: DataSource = realData, mode: 'train' | 'inference' = 'train'): Promise<TextSplits> {
  const p = node.params.parse(params);
  const result = await node.setup({ nodeId: 'corpus1', params: p, inputs: {}, data, mode, seed: 1 });
  return result.outputs.text as TextSplits;
}

async function runError(params: Partial<TextCorpusParams>): Promise<NodeRunError> {
  const e = await run(params).then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(NodeRunError);
  expect((e as NodeRunError).nodeId).toBe('corpus1');
  return e as NodeRunError;
}

/** The invariant every split keeps: nothing lost, nothing shared. */
function expectPartition(s: TextSplits) {
  const joined = s.documents.map((d) => d.text).join('\n\n');
  if (s.firstValDocument >= 0) {
    expect(s.train + '\n\n' + s.val).toBe(joined);
    expect(s.val).toBe(s.documents.slice(s.firstValDocument).map((d) => d.text).join('\n\n'));
  } else {
    expect(s.train + s.val).toBe(joined);
  }
}

describe('text-corpus params and checks', () => {
  it('has defaults and rejects out-of-range settings', () => {
    expect(node.params.parse({})).toEqual({ source: 'moby-dick', path: '', valFraction: 0.1, maxChars: 0 });
    expect(node.params.safeParse({ valFraction: 0.9 }).success).toBe(false);
    expect(node.params.safeParse({ maxChars: -1 }).success).toBe(false);
    expect(node.params.safeParse({ source: 'wikipedia' }).success).toBe(false);
  });

  it('reports an empty path when the source is a file', () => {
    const infer = (p: Partial<TextCorpusParams>) => node.infer!({ params: node.params.parse(p), inputs: {}, dims: new Map() });
    const result = infer({ source: 'file' });
    expect(result?.issues?.[0]).toMatchObject({ param: 'path', message: expect.stringMatching(/^is empty/) });
    expect(infer({ source: 'file', path: 'notes.txt' })?.issues ?? []).toEqual([]);
    expect(infer({ source: 'brown' })?.issues ?? []).toEqual([]);
  });

  it('loads nothing in inference mode', async () => {
    const refuse: DataSource = {
      builtinCorpus: () => Promise.reject(new Error('must not load')),
      userText: () => Promise.reject(new Error('must not load')),
    };
    expect(await run({}, refuse, 'inference')).toEqual({ train: '', val: '', documents: [], firstValDocument: -1 });
  });
});

describe('built-in corpora through the node', () => {
  it.each(['moby-dick', 'sotu', 'brown'] as const)('%s splits into disjoint parts at a document boundary', async (source) => {
    const s = await run({ source });
    expectPartition(s);
    expect(s.firstValDocument).toBeGreaterThan(0);
    const total = s.train.length + s.val.length;
    expect(Math.abs(s.val.length / total - 0.1)).toBeLessThan(0.05);
  });

  it('moby-dick trains on the start of the book and holds out its end', async () => {
    const s = await run({});
    expect(s.train.startsWith('ETYMOLOGY.')).toBe(true);
    expect(s.train.indexOf('Call me Ishmael')).toBeLessThan(30_000);
    expect(s.val.endsWith(s.documents.at(-1)!.text)).toBe(true);
    expect(s.documents.at(-1)!.name).toBe('epilogue');
  });

  it('sotu keeps labels on the held-out addresses', async () => {
    const s = await run({ source: 'sotu', valFraction: 0.2 });
    const held = s.documents.slice(s.firstValDocument);
    expect(held[0]!.meta!.year).toBeGreaterThan(1900);
    expect(held.every((d) => typeof d.meta!.president === 'string' && typeof d.meta!.party === 'string')).toBe(true);
  });

  it('maxChars keeps only the start of the corpus', async () => {
    const s = await run({ maxChars: 20_000 });
    expectPartition(s);
    expect(s.train.length + s.val.length + (s.firstValDocument >= 0 ? 2 : 0)).toBe(20_000);
    expect(s.train.startsWith('ETYMOLOGY.')).toBe(true);
    expect(s.val.length).toBeGreaterThanOrEqual(1000);
  });
});

describe('splitText', () => {
  const doc = (text: string) => ({ name: text.slice(0, 3), text });

  it('cuts exactly when no document boundary is near', () => {
    const s = splitText([doc('a'.repeat(5000)), doc('b'.repeat(95_000))], 0.1);
    expect(s.firstValDocument).toBe(-1);
    expect(s.val).toBe('b'.repeat(10_000));
    expect(s.train.length + s.val.length).toBe(100_002);
  });

  it('moves the cut to the nearest boundary within 5% of the corpus', () => {
    const docs = Array.from({ length: 10 }, (_, i) => doc(String(i).repeat(998)));
    const s = splitText(docs, 0.12);
    expect(s.firstValDocument).toBe(9);
    expect(s.val).toBe('9'.repeat(998));
    expectPartition(s);
  });
});

describe('user files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pretrain-lab-corpus-'));
    const para = (i: number) => `Paragraph ${i}. ` + 'The quick brown fox jumps over the lazy dog. '.repeat(20);
    await writeFile(path.join(dir, 'story.txt'), Array.from({ length: 40 }, (_, i) => para(i)).join('\r\n\r\n'));
    await mkdir(path.join(dir, 'notes', 'deeper'), { recursive: true });
    for (let i = 0; i < 12; i++) await writeFile(path.join(dir, 'notes', `n${String(i).padStart(2, '0')}.md`), para(i));
    await writeFile(path.join(dir, 'notes', 'deeper', 'z.txt'), para(99));
    await mkdir(path.join(dir, 'empty'));
    await writeFile(path.join(dir, 'blank.txt'), '  \n\n ');
    await writeFile(path.join(dir, 'small.txt'), 'x'.repeat(3000));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads one file, with Windows line endings made \\n', async () => {
    const s = await run({ source: 'file', path: path.join(dir, 'story.txt') });
    expect(s.documents).toHaveLength(1);
    expect(s.train + s.val).not.toContain('\r');
    expect(s.firstValDocument).toBe(-1);
    expectPartition(s);
    expect(s.train.startsWith('Paragraph 0.')).toBe(true);
  });

  it('reads a folder recursively in path order and holds out whole files', async () => {
    const s = await run({ source: 'file', path: path.join(dir, 'notes'), valFraction: 0.15 });
    expect(s.documents.map((d) => d.name)).toEqual([...Array.from({ length: 12 }, (_, i) => `n${String(i).padStart(2, '0')}.md`), 'deeper/z.txt'].sort());
    expect(s.firstValDocument).toBeGreaterThan(0);
    expectPartition(s);
  });

  it('names the path when it is missing, an empty folder or an empty file', async () => {
    expect((await runError({ source: 'file', path: '' })).message).toMatch(/"path" is empty/);
    const missing = path.join(dir, 'missing.txt');
    expect((await runError({ source: 'file', path: missing })).message).toContain(missing);
    expect((await runError({ source: 'file', path: path.join(dir, 'empty') })).message).toContain(path.join(dir, 'empty'));
    const blank = await runError({ source: 'file', path: path.join(dir, 'blank.txt') });
    expect(blank.message).toContain(path.join(dir, 'blank.txt'));
    expect(blank.message).toMatch(/no text/);
  });

  it('refuses a held-out split too small to measure, saying how to fix it', async () => {
    const e = await runError({ source: 'file', path: path.join(dir, 'small.txt') });
    expect(e.message).toMatch(/only 300 characters.*raise valFraction to 0\.34/);
    expect((await run({ source: 'file', path: path.join(dir, 'small.txt'), valFraction: 0.34 })).val.length).toBe(1020);
  });
});
