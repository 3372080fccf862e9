import { documentTitle, graphFileName, type FileHandle, type OpenedGraph, type PickedData, type Platform, type RecentFile } from './platform.js';
import { readDataFiles, type NamedFile } from './user-text.js';
import { zip } from './zip.js';

/**
 * The Platform in a browser (`npm run web`, and the end-to-end tests). Where the File System
 * Access API exists (Chromium), files are opened and saved through its pickers and the handle is
 * kept, so Save writes the same file again (the browser commits the write whole). Elsewhere a
 * file input opens and a download saves. Recent files are names in localStorage; the handles
 * behind them last for this page's lifetime, after which reopening one shows the picker.
 */

// The File System Access API is Chromium-only and not in TypeScript's DOM library.
export interface FsWritable {
  write(data: string | Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}
export interface FsFileHandle {
  readonly kind: 'file';
  readonly name: string;
  getFile(): Promise<File>;
  createWritable(): Promise<FsWritable>;
  queryPermission?(d: { mode: 'readwrite' }): Promise<PermissionState>;
  requestPermission?(d: { mode: 'readwrite' }): Promise<PermissionState>;
}
export interface FsDirectoryHandle {
  readonly kind: 'directory';
  readonly name: string;
  values(): AsyncIterable<FsFileHandle | FsDirectoryHandle>;
}
interface PickerType {
  description: string;
  accept: Record<string, string[]>;
}

/** What the web platform touches of the page: `window`, `document`, `localStorage` in a browser; fakes in tests. */
export interface WebEnv {
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  addEventListener(type: 'beforeunload', listener: (e: BeforeUnloadEvent) => void): void;
  setTitle(title: string): void;
  showOpenFilePicker?(opts: { types?: PickerType[]; multiple?: boolean }): Promise<FsFileHandle[]>;
  showSaveFilePicker?(opts: { suggestedName?: string; types?: PickerType[] }): Promise<FsFileHandle>;
  showDirectoryPicker?(opts?: { mode?: 'read' }): Promise<FsDirectoryHandle>;
  /** the fallbacks: an <input type=file> (null when cancelled) and a download */
  chooseFiles(opts: { accept: string; directory: boolean }): Promise<File[] | null>;
  download(name: string, content: string | Uint8Array, type?: string): void;
}

const RECENT_KEY = 'pretrain-lab/recent-files/v1';
const RECENT_LIMIT = 10;
const GRAPH_TYPES: PickerType[] = [{ description: 'Pretrain Lab graph', accept: { 'application/json': ['.json'] } }];
/** What the save picker offers for an exported file, by its extension. */
const EXPORT_TYPES: Record<string, PickerType & { mime: string }> = {
  ts: { description: 'TypeScript program', accept: { 'text/typescript': ['.ts'] }, mime: 'text/typescript' },
  csv: { description: 'CSV table', accept: { 'text/csv': ['.csv'] }, mime: 'text/csv' },
  zip: { description: 'Zip archive', accept: { 'application/zip': ['.zip'] }, mime: 'application/zip' },
};
const TEXT_TYPES: PickerType[] = [{ description: 'Text', accept: { 'text/plain': ['.txt'], 'text/markdown': ['.md'] } }];

export function createWebPlatform(env: WebEnv = browserEnv()): Platform {
  const handles = new WeakMap<FileHandle, FsFileHandle>();
  const byName = new Map<string, FsFileHandle>();
  let dirty = false;
  env.addEventListener('beforeunload', (e) => {
    if (!dirty) return;
    e.preventDefault();
    e.returnValue = ''; // older browsers need it set to show the prompt
  });

  const wrap = (name: string, fs?: FsFileHandle): FileHandle => {
    const h: FileHandle = { kind: 'web', name, path: null };
    if (fs) {
      handles.set(h, fs);
      byName.set(name, fs);
    }
    return h;
  };
  const readRecent = (): RecentFile[] => parseRecent(env.storage?.getItem(RECENT_KEY) ?? null);
  const remember = (name: string) => {
    const entry: RecentFile = { path: name, name, openedAt: new Date().toISOString() };
    const list = [entry, ...readRecent().filter((f) => f.path !== name)].slice(0, RECENT_LIMIT);
    try {
      env.storage?.setItem(RECENT_KEY, JSON.stringify(list));
    } catch {
      // storage full or blocked: the list is a convenience, the file itself is saved
    }
  };
  const openFs = async (fs: FsFileHandle): Promise<OpenedGraph> => {
    const text = await readGraphText(await fs.getFile());
    remember(fs.name);
    return { handle: wrap(fs.name, fs), text };
  };
  const writeFs = async (fs: FsFileHandle, text: string | Uint8Array, isGraph = true): Promise<void> => {
    if (fs.queryPermission && (await fs.queryPermission({ mode: 'readwrite' })) !== 'granted') {
      if ((await fs.requestPermission?.({ mode: 'readwrite' })) !== 'granted') throw new Error(`no permission to write "${fs.name}"`);
    }
    const w = await fs.createWritable();
    try {
      await w.write(text);
      await w.close(); // the browser swaps the file in only now: an error before leaves the old one
    } catch (e) {
      await w.abort().catch(() => {});
      throw new Error(`could not save "${fs.name}": ${(e as Error).message}`);
    }
    if (isGraph) remember(fs.name);
  };

  const platform: Platform = {
    kind: 'web',
    async openGraph() {
      if (env.showOpenFilePicker) {
        const picked = await cancellable(env.showOpenFilePicker({ types: GRAPH_TYPES, multiple: false }));
        return picked?.[0] ? openFs(picked[0]) : null;
      }
      const files = await env.chooseFiles({ accept: '.json,application/json', directory: false });
      if (!files?.[0]) return null;
      const text = await readGraphText(files[0]);
      remember(files[0].name);
      return { handle: wrap(files[0].name), text };
    },
    async openRecent(file) {
      const fs = byName.get(file.path);
      return fs ? openFs(fs) : platform.openGraph();
    },
    async saveGraph(text, h) {
      const fs = h ? handles.get(h) : undefined;
      if (!h || !fs) return platform.saveGraphAs(text, h?.name);
      await writeFs(fs, text);
      return h;
    },
    async saveGraphAs(text, suggestedName) {
      const name = graphFileName(suggestedName);
      if (env.showSaveFilePicker) {
        const fs = await cancellable(env.showSaveFilePicker({ suggestedName: name, types: GRAPH_TYPES }));
        if (!fs) return null;
        await writeFs(fs, text);
        return wrap(fs.name, fs);
      }
      env.download(name, text);
      remember(name);
      return wrap(name);
    },
    async exportText(text, suggestedName) {
      const type = EXPORT_TYPES[/\.([^.]+)$/.exec(suggestedName)?.[1]?.toLowerCase() ?? ''];
      if (env.showSaveFilePicker) {
        const fs = await cancellable(env.showSaveFilePicker({ suggestedName, ...(type ? { types: [{ description: type.description, accept: type.accept }] } : {}) }));
        if (!fs) return null;
        await writeFs(fs, text, false);
        return fs.name;
      }
      env.download(suggestedName, text, type?.mime ?? 'text/plain');
      return suggestedName;
    },
    async exportPytorch(_doc, baseName, build) {
      const suggestedName = `${baseName}.zip`;
      // the picker first: the person's gesture is spent on it, and a cancel costs no export
      const fs = env.showSaveFilePicker ? await cancellable(env.showSaveFilePicker({ suggestedName, types: [{ description: EXPORT_TYPES.zip!.description, accept: EXPORT_TYPES.zip!.accept }] })) : undefined;
      if (fs === null) return null;
      const p = await build();
      const archive = zip([{ name: `${baseName}.py`, bytes: new TextEncoder().encode(p.source) }, ...p.files.map((f) => ({ name: `${baseName}.data/${f.name}`, bytes: f.bytes }))]);
      const next = `unzip it, then run python3 ${baseName}.py`;
      if (fs) {
        await writeFs(fs, archive, false);
        return { saved: `${fs.name} (${baseName}.py and ${baseName}.data/)`, next };
      }
      env.download(suggestedName, archive, EXPORT_TYPES.zip!.mime);
      return { saved: `${suggestedName} (${baseName}.py and ${baseName}.data/)`, next };
    },
    recentFiles: async () => readRecent(),
    async clearRecentFiles() {
      env.storage?.removeItem(RECENT_KEY);
    },
    async pickDataFile(kind = 'file'): Promise<PickedData | null> {
      if (kind === 'folder' && env.showDirectoryPicker) {
        const dir = await cancellable(env.showDirectoryPicker({ mode: 'read' }));
        return dir ? readDataFiles(dir.name, await walk(dir, '')) : null;
      }
      if (kind === 'file' && env.showOpenFilePicker) {
        const picked = await cancellable(env.showOpenFilePicker({ types: TEXT_TYPES, multiple: false }));
        const f = picked?.[0] && (await picked[0].getFile());
        return f ? readDataFiles(f.name, [{ name: f.name, file: f }], { single: true }) : null;
      }
      const files = await env.chooseFiles({ accept: kind === 'file' ? '.txt,.md,text/plain,text/markdown' : '', directory: kind === 'folder' });
      if (!files?.length) return null;
      if (kind === 'file') return readDataFiles(files[0]!.name, [{ name: files[0]!.name, file: files[0]! }], { single: true });
      // webkitRelativePath is "picked-folder/sub/file.txt"
      const rel = (f: File) => (f.webkitRelativePath || f.name).split('/');
      const root = rel(files[0]!)[0] ?? 'folder';
      return readDataFiles(root, files.map((f) => ({ name: rel(f).slice(1).join('/') || f.name, file: f })));
    },
    onMenuCommand: () => () => {},
    setDirty(d, title) {
      dirty = d;
      env.setTitle(documentTitle(title, d));
    },
    onBeforeClose: () => () => {},
  };
  return platform;
}

/** Every file under a picked folder, with "/"-separated paths relative to it. */
async function walk(dir: FsDirectoryHandle, prefix: string): Promise<NamedFile[]> {
  const out: NamedFile[] = [];
  for await (const entry of dir.values()) {
    const name = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.kind === 'directory') {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') out.push(...(await walk(entry, name)));
    } else out.push({ name, file: await entry.getFile() });
  }
  return out;
}

async function cancellable<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof Error && e.name === 'AbortError') return null; // the person closed the picker
    throw e;
  }
}

async function readGraphText(file: File): Promise<string> {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer()).replace(/^\uFEFF/, '');
  } catch {
    throw new Error(`"${file.name}" is not UTF-8 text`);
  }
}

export function parseRecent(raw: string | null): RecentFile[] {
  if (!raw) return [];
  try {
    const list: unknown = JSON.parse(raw);
    if (!Array.isArray(list)) return [];
    return list
      .filter((f): f is RecentFile => typeof f?.path === 'string' && f.path !== '' && typeof f.name === 'string' && typeof f.openedAt === 'string')
      .slice(0, RECENT_LIMIT);
  } catch {
    return []; // damaged: start again
  }
}

/** The real page. */
export function browserEnv(): WebEnv {
  const w = window as unknown as Partial<Pick<WebEnv, 'showOpenFilePicker' | 'showSaveFilePicker' | 'showDirectoryPicker'>>;
  let storage: Storage | null = null;
  try {
    storage = window.localStorage;
  } catch {
    // storage blocked (privacy settings): no recent list
  }
  return {
    storage,
    addEventListener: (type, listener) => window.addEventListener(type, listener),
    setTitle: (t) => {
      document.title = t;
    },
    ...(w.showOpenFilePicker ? { showOpenFilePicker: (o) => w.showOpenFilePicker!.call(window, o) } : {}),
    ...(w.showSaveFilePicker ? { showSaveFilePicker: (o) => w.showSaveFilePicker!.call(window, o) } : {}),
    ...(w.showDirectoryPicker ? { showDirectoryPicker: (o) => w.showDirectoryPicker!.call(window, o) } : {}),
    chooseFiles: ({ accept, directory }) =>
      new Promise((resolve) => {
        const input = document.createElement('input');
        input.type = 'file';
        input.accept = accept;
        if (directory) input.webkitdirectory = true;
        input.addEventListener('change', () => resolve(input.files ? [...input.files] : null), { once: true });
        input.addEventListener('cancel', () => resolve(null), { once: true });
        input.click();
      }),
    download: (name, content, type = 'application/json') => {
      const url = URL.createObjectURL(new Blob([content as BlobPart], { type }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  };
}
