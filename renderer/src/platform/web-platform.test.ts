import { describe, expect, it, vi } from 'vitest';
import { createWebPlatform, type FsDirectoryHandle, type FsFileHandle, type WebEnv } from './web-platform.js';

/** A file the fake File System Access API holds. */
function fsFile(name: string, content: string | Uint8Array, opts: { failOnClose?: boolean } = {}) {
  const state = { content, writes: 0, aborted: 0, permission: 'granted' as PermissionState };
  const handle: FsFileHandle = {
    kind: 'file',
    name,
    getFile: async () => new File([state.content as BlobPart], name),
    createWritable: async () => {
      let pending: string | Uint8Array = '';
      return {
        write: async (d: string | Uint8Array) => void (pending = typeof d === 'string' ? `${pending as string}${d}` : d),
        close: async () => {
          if (opts.failOnClose) throw new Error('quota exceeded');
          state.content = pending;
          state.writes++;
        },
        abort: async () => void state.aborted++,
      };
    },
    queryPermission: async () => state.permission,
    requestPermission: async () => state.permission,
  };
  return { handle, state };
}

function dirHandle(name: string, entries: (FsFileHandle | FsDirectoryHandle)[]): FsDirectoryHandle {
  return {
    kind: 'directory',
    name,
    values: async function* () {
      yield* entries;
    },
  };
}

const abort = () => Object.assign(new Error('The user aborted a request.'), { name: 'AbortError' });

function env(over: Partial<WebEnv> = {}) {
  const store = new Map<string, string>();
  const listeners: ((e: BeforeUnloadEvent) => void)[] = [];
  let title = '';
  const e: WebEnv = {
    storage: { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v), removeItem: (k) => void store.delete(k) },
    addEventListener: (_t, l) => void listeners.push(l),
    setTitle: (t) => void (title = t),
    chooseFiles: vi.fn(async () => null),
    download: vi.fn(),
    ...over,
  };
  const unload = () => {
    const ev = { preventDefault: vi.fn(), returnValue: undefined as unknown } as unknown as BeforeUnloadEvent & { preventDefault: ReturnType<typeof vi.fn> };
    listeners.forEach((l) => l(ev));
    return ev;
  };
  return { env: e, store, unload, title: () => title };
}

describe('the web platform with the File System Access API', () => {
  it('opens a graph, and Save writes the same file again without asking', async () => {
    const file = fsFile('gpt.graph.json', '\uFEFF{"v":1}');
    const showSaveFilePicker = vi.fn();
    const { env: e } = env({ showOpenFilePicker: async () => [file.handle], showSaveFilePicker });
    const p = createWebPlatform(e);
    const opened = await p.openGraph();
    expect(opened?.text).toBe('{"v":1}');
    expect(opened?.handle).toEqual({ kind: 'web', name: 'gpt.graph.json', path: null });
    expect(await p.saveGraph('{"v":2}', opened!.handle)).toBe(opened!.handle);
    expect(file.state.content).toBe('{"v":2}');
    expect(showSaveFilePicker).not.toHaveBeenCalled();
  });

  it('Save As asks where, proposing a .graph.json name, and later saves go there', async () => {
    const target = fsFile('my gpt.graph.json', '');
    const showSaveFilePicker = vi.fn(async () => target.handle);
    const p = createWebPlatform(env({ showSaveFilePicker }).env);
    const h = await p.saveGraph('{"a":1}', null);
    expect(showSaveFilePicker).toHaveBeenCalledWith(expect.objectContaining({ suggestedName: 'untitled.graph.json' }));
    expect(target.state.content).toBe('{"a":1}');
    await p.saveGraphAs('{"a":2}', 'my/gpt');
    expect(showSaveFilePicker).toHaveBeenLastCalledWith(expect.objectContaining({ suggestedName: 'my gpt.graph.json' }));
    await p.saveGraph('{"a":3}', h);
    expect(target.state.content).toBe('{"a":3}');
    expect(showSaveFilePicker).toHaveBeenCalledTimes(2);
  });

  it('exports a program through the save picker, as TypeScript, without listing it as a recent graph', async () => {
    const target = fsFile('gpt.ts', '');
    const showSaveFilePicker = vi.fn(async () => target.handle);
    const p = createWebPlatform(env({ showSaveFilePicker }).env);
    expect(await p.exportText('main();\n', 'causal-lm.ts')).toBe('gpt.ts');
    expect(showSaveFilePicker).toHaveBeenCalledWith({ suggestedName: 'causal-lm.ts', types: [{ description: 'TypeScript program', accept: { 'text/typescript': ['.ts'] } }] });
    expect(target.state.content).toBe('main();\n');
    expect(await p.recentFiles()).toEqual([]);
    const cancelled = createWebPlatform(env({ showSaveFilePicker: async () => Promise.reject(abort()) }).env);
    expect(await cancelled.exportText('main();', 'causal-lm.ts')).toBeNull();
  });

  it('exports a PyTorch program as one zip of NAME.py and NAME.data/, asking where before doing the work', async () => {
    const target = fsFile('mine.zip', '');
    const showSaveFilePicker = vi.fn(async () => target.handle);
    const p = createWebPlatform(env({ showSaveFilePicker }).env);
    const build = vi.fn(async () => ({ source: 'import torch\n', files: [{ name: 'manifest.json', bytes: new TextEncoder().encode('{}') }] }));
    const doc = { name: 'g' } as never;
    expect(await p.exportPytorch(doc, 'causal-lm', build)).toEqual({ saved: 'mine.zip (causal-lm.py and causal-lm.data/)', next: 'unzip it, then run python3 causal-lm.py' });
    expect(showSaveFilePicker).toHaveBeenCalledWith({ suggestedName: 'causal-lm.zip', types: [{ description: 'Zip archive', accept: { 'application/zip': ['.zip'] } }] });
    const bytes = target.state.content as Uint8Array;
    expect([...bytes.slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('causal-lm.py');
    expect(text).toContain('causal-lm.data/manifest.json');
    expect(await p.recentFiles()).toEqual([]);
    // cancelled: nothing is exported
    const cancelled = createWebPlatform(env({ showSaveFilePicker: async () => Promise.reject(abort()) }).env);
    const unused = vi.fn();
    expect(await cancelled.exportPytorch(doc, 'causal-lm', unused)).toBeNull();
    expect(unused).not.toHaveBeenCalled();
    // no picker: a download
    const e = env().env;
    const d = createWebPlatform(e);
    expect((await d.exportPytorch(doc, 'causal-lm', build))!.saved).toBe('causal-lm.zip (causal-lm.py and causal-lm.data/)');
    expect(e.download).toHaveBeenCalledWith('causal-lm.zip', expect.any(Uint8Array), 'application/zip');
  });

  it('a failed write leaves the old file and says which file', async () => {
    const file = fsFile('gpt.graph.json', 'OLD', { failOnClose: true });
    const p = createWebPlatform(env({ showOpenFilePicker: async () => [file.handle] }).env);
    const opened = await p.openGraph();
    await expect(p.saveGraph('NEW', opened!.handle)).rejects.toThrow('could not save "gpt.graph.json": quota exceeded');
    expect(file.state.content).toBe('OLD');
    expect(file.state.aborted).toBe(1);
  });

  it('asks for write permission, and says so when refused', async () => {
    const file = fsFile('gpt.graph.json', '{}');
    const p = createWebPlatform(env({ showOpenFilePicker: async () => [file.handle] }).env);
    const opened = await p.openGraph();
    file.state.permission = 'denied';
    await expect(p.saveGraph('{}', opened!.handle)).rejects.toThrow('no permission to write "gpt.graph.json"');
  });

  it('treats a closed picker as a cancel, not an error', async () => {
    const p = createWebPlatform(
      env({
        showOpenFilePicker: async () => Promise.reject(abort()),
        showSaveFilePicker: async () => Promise.reject(abort()),
        showDirectoryPicker: async () => Promise.reject(abort()),
      }).env,
    );
    expect(await p.openGraph()).toBeNull();
    expect(await p.saveGraphAs('{}')).toBeNull();
    expect(await p.pickDataFile('folder')).toBeNull();
    expect(await p.pickDataFile('file')).toBeNull();
  });

  it('keeps recent files, newest first, and reopens one from this session without a picker', async () => {
    const a = fsFile('a.graph.json', '{"a":1}');
    const b = fsFile('b.graph.json', '{"b":1}');
    const picks = [a.handle, b.handle, a.handle];
    const showOpenFilePicker = vi.fn(async () => [picks.shift()!]);
    const { env: e, store } = env({ showOpenFilePicker });
    const p = createWebPlatform(e);
    for (let i = 0; i < 3; i++) await p.openGraph();
    const recent = await p.recentFiles();
    expect(recent.map((f) => f.name)).toEqual(['a.graph.json', 'b.graph.json']);
    expect(await p.openRecent(recent[1]!)).toMatchObject({ text: '{"b":1}' });
    expect(showOpenFilePicker).toHaveBeenCalledTimes(3);
    // a later page: the names are remembered, the handles are not, so the picker opens
    const later = createWebPlatform({ ...e, showOpenFilePicker: async () => [b.handle] });
    expect((await later.recentFiles()).map((f) => f.name)).toEqual(['b.graph.json', 'a.graph.json']); // b was reopened last
    expect(await later.openRecent(recent[0]!)).toMatchObject({ text: '{"b":1}' });
    await p.clearRecentFiles();
    expect(await p.recentFiles()).toEqual([]);
    store.set('pretrain-lab/recent-files/v1', '{damaged');
    expect(await p.recentFiles()).toEqual([]);
  });

  it('reads a picked folder by the engine\'s rules', async () => {
    const tree = dirHandle('corpus', [
      fsFile('b.txt', 'bee').handle,
      dirHandle('.git', [fsFile('HEAD.txt', 'no').handle]),
      dirHandle('node_modules', [fsFile('x.md', 'no').handle]),
      dirHandle('sub', [fsFile('a.md', 'ay').handle, fsFile('pic.png', new Uint8Array([0x89, 0])).handle]),
      fsFile('A.txt', 'first\r\n').handle,
    ]);
    const p = createWebPlatform(env({ showDirectoryPicker: async () => tree }).env);
    expect(await p.pickDataFile('folder')).toEqual({
      name: 'corpus',
      path: null,
      files: [
        { name: 'A.txt', text: 'first' },
        { name: 'b.txt', text: 'bee' },
        { name: 'sub/a.md', text: 'ay' },
      ],
    });
  });
});

describe('the web platform without it (Firefox, Safari)', () => {
  it('opens through a file input and saves as a download', async () => {
    const chooseFiles = vi.fn(async () => [new File(['{"v":1}'], 'g.graph.json')]);
    const { env: e } = env({ chooseFiles });
    const p = createWebPlatform(e);
    const opened = await p.openGraph();
    expect(chooseFiles).toHaveBeenCalledWith({ accept: '.json,application/json', directory: false });
    expect(opened).toEqual({ handle: { kind: 'web', name: 'g.graph.json', path: null }, text: '{"v":1}' });
    const h = await p.saveGraph('{"v":2}', opened!.handle); // nothing to write in place: a download
    expect(e.download).toHaveBeenCalledWith('g.graph.json', '{"v":2}');
    expect(h?.name).toBe('g.graph.json');
  });

  it('exports a program as a download', async () => {
    const { env: e } = env();
    const p = createWebPlatform(e);
    expect(await p.exportText('main();\n', 'causal-lm.ts')).toBe('causal-lm.ts');
    expect(e.download).toHaveBeenCalledWith('causal-lm.ts', 'main();\n', 'text/typescript');
    // the Compare view's table
    expect(await p.exportText('graph,name\n', 'compare.csv')).toBe('compare.csv');
    expect(e.download).toHaveBeenCalledWith('compare.csv', 'graph,name\n', 'text/csv');
    expect(await p.recentFiles()).toEqual([]);
  });

  it('reads a folder chosen through the input, by relative path', async () => {
    const withPath = (name: string, rel: string, text: string) => Object.defineProperty(new File([text], name), 'webkitRelativePath', { value: rel });
    const chooseFiles = vi.fn(async () => [withPath('z.txt', 'books/z.txt', 'zed'), withPath('a.md', 'books/ch/a.md', 'ay'), withPath('c.json', 'books/c.json', '{}')]);
    const p = createWebPlatform(env({ chooseFiles }).env);
    expect(await p.pickDataFile('folder')).toEqual({ name: 'books', path: null, files: [{ name: 'ch/a.md', text: 'ay' }, { name: 'z.txt', text: 'zed' }] });
    expect(chooseFiles).toHaveBeenCalledWith({ accept: '', directory: true });
  });

  it('refuses a binary or non-UTF-8 data file, naming it', async () => {
    const p = createWebPlatform(env({ chooseFiles: async () => [new File([new Uint8Array([0xff, 0xfe, 0x41])], 'latin.txt')] }).env);
    await expect(p.pickDataFile('file')).rejects.toThrow('"latin.txt" is not UTF-8 text; save it as UTF-8 and try again');
    const q = createWebPlatform(env({ chooseFiles: async () => [new File([new Uint8Array([1, 0, 2])], 'x.bin')] }).env);
    await expect(q.pickDataFile('file')).rejects.toThrow('"x.bin" looks like a binary file, not text');
  });
});

describe('unsaved changes in a browser', () => {
  it('shows the title, and the browser\'s leave prompt only while dirty', () => {
    const { env: e, unload, title } = env();
    const p = createWebPlatform(e);
    expect(unload().preventDefault).not.toHaveBeenCalled();
    p.setDirty(true, 'gpt');
    expect(title()).toBe('• gpt — Pretrain Lab');
    expect(unload().preventDefault).toHaveBeenCalled();
    p.setDirty(false, 'gpt');
    expect(title()).toBe('gpt — Pretrain Lab');
    expect(unload().preventDefault).not.toHaveBeenCalled();
    expect(p.onMenuCommand(() => {})).toBeTypeOf('function'); // no menu in a browser
    expect(p.kind).toBe('web');
  });
});
