import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadUserText } from './node-corpora.js';

/** User corpora the size real datasets are (issue #13: a folder of 100,000 files, a 632 MB file). */
const made: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe("reading a user's corpus", () => {
  it('reads a folder of more files than the system lets a process open at once', async () => {
    // more files than this machine's open-file limit (20,000 here): read all at once they fail with EMFILE
    const dir = tempDir('pretrain-lab-many-');
    const n = 25_000;
    for (let i = 0; i < 25; i++) mkdirSync(join(dir, `part${i}`));
    for (let i = 0; i < n; i++) writeFileSync(join(dir, `part${i % 25}`, `doc${String(i).padStart(5, '0')}.txt`), `document ${i}\n`);
    const docs = await loadUserText(dir);
    expect(docs).toHaveLength(n);
    expect(docs[0]!.text).toBe('document 0');
  });

  it('reads only the start of a file bigger than a string can hold when maxChars says so, and says why without it', async () => {
    const dir = tempDir('pretrain-lab-huge-');
    const file = join(dir, 'huge.txt');
    writeFileSync(file, 'Call me Ishmael. Some years ago—never mind how long precisely—'.repeat(100));
    // 700 MB, sparse: no disk used, and past the text it reads as zero bytes
    execFileSync('truncate', ['-s', '700M', file]);
    const start = await loadUserText(file, 1001);
    expect(start).toHaveLength(1);
    expect(start[0]!.text).toHaveLength(1001);
    expect(start[0]!.text.startsWith('Call me Ishmael.')).toBe(true);
    await expect(loadUserText(file)).rejects.toThrow(/huge\.txt" is 734 MB: more text than one string can hold \(about 537 MB\); set maxChars on the corpus node/);
  });

  it('cuts at a character, never inside one, when maxChars stops it', async () => {
    const dir = tempDir('pretrain-lab-utf8-');
    const file = join(dir, 'dashes.txt');
    writeFileSync(file, '—'.repeat(50)); // three bytes each
    const docs = await loadUserText(file, 7);
    expect(docs[0]!.text).toBe('—'.repeat(7));
  });
});
