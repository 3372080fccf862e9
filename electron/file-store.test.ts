import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atomicWriteFile, readTextFile, SessionPaths } from './file-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pretrain-lab-save-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('atomic save', () => {
  it('writes a new file and replaces an existing one whole', async () => {
    const file = join(dir, 'g.graph.json');
    await atomicWriteFile(file, '{"v":1}');
    expect(readFileSync(file, 'utf8')).toBe('{"v":1}');
    await atomicWriteFile(file, '{"v":2,"name":"é ✓"}');
    expect(readFileSync(file, 'utf8')).toBe('{"v":2,"name":"é ✓"}');
    expect(readdirSync(dir)).toEqual(['g.graph.json']); // no temporary file left
  });

  it('a reader never sees a half-written file', async () => {
    const file = join(dir, 'big.graph.json');
    const versions = ['a', 'b', 'c', 'd', 'e', 'f'].map((c) => JSON.stringify({ fill: c.repeat(2_000_000) }));
    await atomicWriteFile(file, versions[0]!);
    let writing = true;
    const seen = new Set<string>();
    const reader = (async () => {
      while (writing) {
        const text = await readFile(file, 'utf8');
        expect(versions).toContain(text); // whole old or whole new, nothing between
        seen.add(text.slice(9, 10));
      }
    })();
    for (const v of versions.slice(1)) await atomicWriteFile(file, v);
    writing = false;
    await reader;
    expect(readFileSync(file, 'utf8')).toBe(versions.at(-1));
    expect(seen.size).toBeGreaterThanOrEqual(1);
  });

  it('a write that fails part-way leaves the old file as it was, and no temporary file', async () => {
    const file = join(dir, 'g.graph.json');
    writeFileSync(file, 'OLD CONTENTS');
    let temp = '';
    await expect(
      atomicWriteFile(file, 'NEW CONTENTS THAT NEVER ARRIVE', {
        afterPartialWrite: (t) => {
          temp = t;
          expect(readFileSync(t, 'utf8')).toBe('NEW CONTENTS TH'); // half is on disk, in the temp file only
          throw new Error('disk full');
        },
      }),
    ).rejects.toThrow(`could not save "${file}": disk full`);
    expect(readFileSync(file, 'utf8')).toBe('OLD CONTENTS');
    expect(temp).not.toBe('');
    expect(readdirSync(dir)).toEqual(['g.graph.json']);
  });

  it('fails with the path named when the folder cannot be written, old file intact', async () => {
    const file = join(dir, 'missing-folder', 'g.graph.json');
    await expect(atomicWriteFile(file, '{}')).rejects.toThrow(`could not save "${file}"`);
  });

  it.skipIf(process.platform === 'win32')('keeps an existing file\'s permissions', async () => {
    const file = join(dir, 'g.graph.json');
    writeFileSync(file, 'x');
    chmodSync(file, 0o640);
    await atomicWriteFile(file, 'y');
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });
});

describe('reading a graph file', () => {
  it('reads UTF-8 text, dropping a byte-order mark', async () => {
    const file = join(dir, 'g.json');
    writeFileSync(file, '\uFEFF{"a":1}');
    await expect(readTextFile(file)).resolves.toBe('{"a":1}');
  });

  it('names the file in every error', async () => {
    await expect(readTextFile(join(dir, 'gone.json'))).rejects.toThrow(`"${join(dir, 'gone.json')}" no longer exists`);
    await expect(readTextFile(dir)).rejects.toThrow(`"${dir}" is not a file`);
    const latin1 = join(dir, 'latin1.json');
    writeFileSync(latin1, Buffer.from([0x7b, 0xe9, 0x7d]));
    await expect(readTextFile(latin1)).rejects.toThrow(`"${latin1}" is not UTF-8 text`);
    const big = join(dir, 'big.json');
    writeFileSync(big, 'x'.repeat(3 * 1048576));
    await expect(readTextFile(big, 2 * 1048576)).rejects.toThrow(/is 3 MB; a graph file is at most 2 MB/);
  });
});

describe('the paths the renderer may save to', () => {
  it('are only those chosen or opened in this session', () => {
    const s = new SessionPaths();
    const file = join(dir, 'g.json');
    expect(s.has(file)).toBe(false);
    s.allow(file);
    expect(s.has(file)).toBe(true);
    expect(s.has(join(dir, 'sub', '..', 'g.json'))).toBe(true);
    expect(s.has(join(dir, 'other.json'))).toBe(false);
    expect(s.has('g.json')).toBe(false); // relative paths never match
  });
});
