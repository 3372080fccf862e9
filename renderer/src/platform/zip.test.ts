import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, zip } from './zip.js';

/** Read back by real unzippers: Python's zipfile (which checks every CRC) and, where installed, Info-ZIP. */
describe('zip', () => {
  it('has the CRC-32 everyone agrees on', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it('writes an archive that Python reads back byte for byte, names in UTF-8 and folders included', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) & 0xff);
    const archive = zip(
      [
        { name: 'moby-dick.py', bytes: new TextEncoder().encode('print("call me Ishmael")\n') },
        { name: 'moby-dick.data/tokens.bin', bytes },
        { name: 'moby-dick.data/é.json', bytes: new TextEncoder().encode('{}') },
        { name: 'empty', bytes: new Uint8Array() },
      ],
      new Date(2026, 11, 4, 9, 30, 10),
    );
    const dir = mkdtempSync(join(tmpdir(), 'pl-zip-'));
    try {
      writeFileSync(join(dir, 'a.zip'), archive);
      const script = `
import sys, zipfile, hashlib, json
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
print(json.dumps({i.filename: [i.file_size, hashlib.sha256(z.read(i)).hexdigest(), list(i.date_time), i.external_attr >> 16] for i in z.infolist()}))
`;
      const r = spawnSync('python3', ['-c', script, join(dir, 'a.zip')], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      const got = JSON.parse(r.stdout);
      expect(Object.keys(got)).toEqual(['moby-dick.py', 'moby-dick.data/tokens.bin', 'moby-dick.data/é.json', 'empty']);
      expect(got['moby-dick.data/tokens.bin'][0]).toBe(70_000);
      expect(got['moby-dick.py'][2]).toEqual([2026, 12, 4, 9, 30, 10]);
      expect(got['empty'][3]).toBe(0o100644);
      const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
      expect(got['moby-dick.data/tokens.bin'][1]).toBe(sha(bytes));
      const unzip = spawnSync('unzip', ['-t', join(dir, 'a.zip')], { encoding: 'utf8' });
      if (!unzip.error) expect(unzip.stdout).toMatch(/No errors detected/);
      expect(readFileSync(join(dir, 'a.zip')).length).toBe(archive.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
