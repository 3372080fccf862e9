import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRecentFiles, RecentFilesStore } from './recent-files.js';

let dir: string;
let store: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pretrain-lab-recent-'));
  store = join(dir, 'recent-files.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const clock = () => {
  let t = Date.UTC(2026, 0, 1);
  return () => new Date((t += 1000));
};

describe('the recent files list', () => {
  it('starts empty, keeps newest first, one entry per path, and persists', async () => {
    const r = new RecentFilesStore(store, { now: clock() });
    expect(await r.list()).toEqual([]);
    await r.add('/home/me/a.graph.json');
    await r.add('/home/me/b.graph.json');
    const list = await r.add('/home/me/a.graph.json'); // reopened: moves to the top, not duplicated
    expect(list.map((f) => f.name)).toEqual(['a.graph.json', 'b.graph.json']);
    expect(list[0]).toEqual({ path: '/home/me/a.graph.json', name: 'a.graph.json', openedAt: '2026-01-01T00:00:03.000Z' });
    // another instance (the next app start) reads the same list
    expect((await new RecentFilesStore(store).list()).map((f) => f.path)).toEqual(['/home/me/a.graph.json', '/home/me/b.graph.json']);
    expect(JSON.parse(readFileSync(store, 'utf8'))).toMatchObject({ version: 1, files: [{ name: 'a.graph.json' }, { name: 'b.graph.json' }] });
  });

  it('keeps at most `limit` entries', async () => {
    const r = new RecentFilesStore(store, { limit: 3 });
    for (const n of [1, 2, 3, 4, 5]) await r.add(`/g/${n}.json`);
    expect((await r.list()).map((f) => f.name)).toEqual(['5.json', '4.json', '3.json']);
  });

  it('removes one entry and clears all', async () => {
    const r = new RecentFilesStore(store);
    await r.add('/g/1.json');
    await r.add('/g/2.json');
    expect(await r.has('/g/1.json')).toBe(true);
    expect((await r.remove('/g/1.json')).map((f) => f.name)).toEqual(['2.json']);
    expect(await r.has('/g/1.json')).toBe(false);
    expect(await r.clear()).toEqual([]);
    expect(await new RecentFilesStore(store).list()).toEqual([]);
  });

  it('recovers from a damaged file: not JSON starts empty and the next add rewrites it', async () => {
    writeFileSync(store, '{"version":1,"files":[{"path":"/g/1.json",');
    const warn = vi.fn();
    const r = new RecentFilesStore(store, { onWarning: warn });
    expect(await r.list()).toEqual([]);
    expect(warn).toHaveBeenCalledWith('recent files: the list was damaged (not JSON) and starts empty');
    await r.add('/g/2.json');
    expect(JSON.parse(readFileSync(store, 'utf8')).files.map((f: { name: string }) => f.name)).toEqual(['2.json']);
  });

  it('salvages the valid entries of a partly damaged list', () => {
    const warn = vi.fn();
    const text = JSON.stringify({
      version: 1,
      files: [
        { path: '/g/1.json', name: '1.json', openedAt: 'x' },
        { path: 'relative.json', name: 'relative.json', openedAt: 'x' },
        { path: '/g/1.json', name: '1.json', openedAt: 'y' },
        { name: 'no-path' },
        42,
        { path: '/g/2.json', name: '2.json', openedAt: 'x' },
      ],
    });
    expect(parseRecentFiles(text, 10, warn).map((f) => f.path)).toEqual(['/g/1.json', '/g/2.json']);
    expect(warn).toHaveBeenCalledWith('dropped 4 damaged or repeated entries');
    expect(parseRecentFiles('{"files": 3}', 10, warn)).toEqual([]);
    expect(parseRecentFiles('null', 10)).toEqual([]);
    expect(parseRecentFiles('[{"path":"/a.json","name":"a.json","openedAt":"t"}]', 10)).toHaveLength(1); // a bare array
  });

  it('does not lose an entry when two are added at once', async () => {
    const r = new RecentFilesStore(store);
    await Promise.all(['/g/1.json', '/g/2.json', '/g/3.json', '/g/4.json'].map((p) => r.add(p)));
    expect((await new RecentFilesStore(store).list()).map((f) => f.name).sort()).toEqual(['1.json', '2.json', '3.json', '4.json']);
    expect(readdirSync(dir)).toEqual(['recent-files.json']);
  });


  it('creates its folder on the first save', async () => {
    const r = new RecentFilesStore(join(dir, 'new', 'folder', 'recent.json'));
    await r.add('/g/1.json');
    expect(await new RecentFilesStore(join(dir, 'new', 'folder', 'recent.json')).has('/g/1.json')).toBe(true);
  });

  it('stays usable when its folder cannot be written', async () => {
    writeFileSync(join(dir, 'a-file'), '');
    const r = new RecentFilesStore(join(dir, 'a-file', 'recent.json'));
    await expect(r.add('/g/1.json')).rejects.toThrow(/could not save/);
    expect(await r.list()).toEqual([]); // the failed change left nothing behind
    await expect(r.clear()).rejects.toThrow(/could not save/);
  });
});
