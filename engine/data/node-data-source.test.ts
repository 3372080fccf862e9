import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWN_GENRES, createNodeDataSource, untagBrown } from './node-data-source.js';

const ds = createNodeDataSource();
const chars = (docs: { text: string }[]) => docs.reduce((n, d) => n + d.text.length, 0);

describe('built-in corpora', () => {
  it('moby-dick: the book in order, from the etymology to the epilogue', async () => {
    const docs = await ds.builtinCorpus('moby-dick');
    expect(docs).toHaveLength(138);
    expect(chars(docs)).toBeGreaterThan(1_150_000);
    expect(chars(docs)).toBeLessThan(1_300_000);
    expect(docs[0]!.text.startsWith('ETYMOLOGY.')).toBe(true);
    expect(docs[1]!.name).toBe('extracts');
    expect(docs.map((d) => d.name).slice(2, -1)).toEqual(Array.from({ length: 135 }, (_, i) => `chapter_${i + 1}`));
    expect(docs[2]!.text.startsWith('CHAPTER 1. Loomings.\n\nCall me Ishmael.')).toBe(true);
    expect(docs.at(-1)!.name).toBe('epilogue');
    const joined = docs.map((d) => d.text).join('\n\n');
    expect(joined.indexOf('Call me Ishmael')).toBeLessThan(30_000);
    expect(joined).not.toContain('\r');
  });

  it('sotu: addresses in year order, labelled with president and party', async () => {
    const docs = await ds.builtinCorpus('sotu');
    expect(docs.length).toBeGreaterThanOrEqual(230);
    expect(chars(docs)).toBeGreaterThan(10_000_000);
    const years = docs.map((d) => d.meta!.year as number);
    for (let i = 1; i < years.length; i++) expect(years[i]).toBeGreaterThanOrEqual(years[i - 1]!);
    expect(docs[0]!.meta).toEqual({ year: 1790, president: 'George Washington', party: 'none' });
    expect(docs[0]!.text.startsWith('Fellow-Citizens of the Senate')).toBe(true);
    const in1953 = docs.filter((d) => d.meta!.year === 1953).map((d) => d.meta!.president);
    expect(in1953).toEqual(['Harry S Truman', 'Dwight D Eisenhower']);
    const parties = new Set(docs.map((d) => d.meta!.party));
    expect(parties).toContain('Republican');
    expect(parties).toContain('Democratic');
    for (const d of docs) expect(d.text.length).toBeGreaterThan(1000);
  });

  it('brown: 500 untagged samples in 15 genres', async () => {
    const docs = await ds.builtinCorpus('brown');
    expect(docs).toHaveLength(500);
    expect(chars(docs)).toBeGreaterThan(5_000_000);
    expect(docs[0]!.text.startsWith('The Fulton County Grand Jury said Friday an investigation of Atlanta\'s recent primary election produced "no evidence" that any irregularities took place.\n\n')).toBe(true);
    const genres = new Set(docs.map((d) => d.meta!.genre));
    expect(genres.size).toBe(15);
    expect([...genres].sort()).toEqual(Object.values(BROWN_GENRES).sort());
    expect(docs.find((d) => d.name === 'cr09')!.meta).toEqual({ genre: 'humor' });
    for (const d of docs) {
      expect(d.text).not.toMatch(/\/(at|nn|nns|np|vbd|vbz|in|jj|cc|cs|rb|pps|dt)(-tl|-hl)?(\s|$)/);
      expect(d.text).not.toMatch(/``|''| [,.;:?!](\s|$)|;;/);
    }
  });

  it('caches a corpus and hands out copies of the list', async () => {
    const a = await ds.builtinCorpus('moby-dick');
    a.length = 0;
    const b = await createNodeDataSource().builtinCorpus('moby-dick');
    expect(b).toHaveLength(138);
    expect(b[0]).toBe((await ds.builtinCorpus('moby-dick'))[0]);
  });
});

describe('untagBrown', () => {
  it('drops tags, keeps slashes inside words and spaces punctuation naturally', () => {
    const tagged = "\n\n\tThe/at Fulton/np-tl ,/, ``/`` no/at and/or/cc 1/2/cd (/( x/nn )/) ;/. ;/. 12''/nn ''/'' long/jj ./. \n\n\tHe/pps said/vbd ``/`` yes/rb ''/'' ./.\n";
    expect(untagBrown(tagged)).toBe('The Fulton, "no and/or 1/2 (x); 12" long.\n\nHe said "yes".');
  });
});

describe('user text', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pretrain-lab-ds-'));
    await writeFile(path.join(dir, 'one.txt'), '\uFEFFline one\r\nline two\r\n');
    await mkdir(path.join(dir, 'book', 'part2'), { recursive: true });
    await mkdir(path.join(dir, 'book', '.git'));
    await writeFile(path.join(dir, 'book', 'b.md'), '# B');
    await writeFile(path.join(dir, 'book', 'a.txt'), 'A');
    await writeFile(path.join(dir, 'book', 'part2', 'c.TXT'), 'C');
    await writeFile(path.join(dir, 'book', 'data.json'), '{"not": "text"}');
    await writeFile(path.join(dir, 'book', '.git', 'x.txt'), 'hidden');
    await mkdir(path.join(dir, 'empty', 'sub'), { recursive: true });
    await writeFile(path.join(dir, 'empty', 'sub', 'notes.json'), '{}');
    await writeFile(path.join(dir, 'bin.txt'), Buffer.from([0x61, 0, 0x62]));
    await writeFile(path.join(dir, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads a file relative to baseDir as one document, normalising line endings', async () => {
    const docs = await createNodeDataSource({ baseDir: dir }).userText('one.txt');
    expect(docs).toEqual([{ name: path.join(dir, 'one.txt'), text: 'line one\nline two' }]);
  });

  it('reads every .txt/.md file under a folder, sorted by path, skipping hidden folders', async () => {
    const docs = await ds.userText(path.join(dir, 'book'));
    expect(docs.map((d) => [d.name, d.text])).toEqual([
      ['a.txt', 'A'],
      ['b.md', '# B'],
      ['part2/c.TXT', 'C'],
    ]);
  });

  it('names the path in its errors', async () => {
    const missing = path.join(dir, 'nope.txt');
    await expect(ds.userText(' ')).rejects.toThrow('no file or folder given');
    await expect(ds.userText(missing)).rejects.toThrow(`no file or folder at "${missing}"`);
    await expect(createNodeDataSource({ baseDir: dir }).userText('empty')).rejects.toThrow(`the folder "${path.join(dir, 'empty')}" has no .txt or .md files`);
    await expect(ds.userText(path.join(dir, 'bin.txt'))).rejects.toThrow(/bin\.txt" looks like a binary file/);
    await expect(ds.userText(path.join(dir, 'latin1.txt'))).rejects.toThrow(/latin1\.txt" is not UTF-8 text/);
  });
});
