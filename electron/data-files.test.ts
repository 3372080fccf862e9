import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPickedData } from './data-files.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pretrain-lab-data-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a data node\'s picked file or folder', () => {
  it('reads one file, whatever its name', async () => {
    const file = join(dir, 'notes.log');
    writeFileSync(file, 'Call me Ishmael.\r\n');
    expect(await readPickedData(file)).toEqual({ name: 'notes.log', path: file, files: [{ name: file, text: 'Call me Ishmael.' }] });
  });

  it('reads every .txt/.md under a folder, sorted, skipping hidden folders and node_modules', async () => {
    mkdirSync(join(dir, 'b'));
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'b', 'two.md'), 'two');
    writeFileSync(join(dir, 'a.txt'), 'one');
    writeFileSync(join(dir, 'image.png'), Buffer.from([0x89, 0x50]));
    writeFileSync(join(dir, '.git', 'HEAD.txt'), 'no');
    writeFileSync(join(dir, 'node_modules', 'readme.md'), 'no');
    const picked = await readPickedData(dir);
    expect(picked.path).toBe(dir);
    expect(picked.files).toEqual([
      { name: 'a.txt', text: 'one' },
      { name: 'b/two.md', text: 'two' },
    ]);
  });

  it('says what is wrong, naming the file', async () => {
    await expect(readPickedData(dir)).rejects.toThrow(`the folder "${dir}" has no .txt or .md files`);
    const bin = join(dir, 'x.txt');
    writeFileSync(bin, Buffer.from([1, 0, 2]));
    await expect(readPickedData(bin)).rejects.toThrow(`"${bin}" looks like a binary file, not text`);
    writeFileSync(bin, 'x'.repeat(1000));
    await expect(readPickedData(bin, { maxChars: 10 })).rejects.toThrow(/holds 0 million characters of text; the app reads at most 0 million/);
  });
});
