import { mkdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { recentFileSchema, type RecentFile } from './ipc-contract.js';
import { atomicWriteFile } from './file-store.js';

/**
 * The recently opened graph files, newest first, kept in a JSON file in the app's user-data
 * folder: `{version: 1, files: [{path, name, openedAt}]}`. One entry per path, at most `limit`.
 * A damaged file never stops the app: whatever entries are still valid are kept, the rest dropped.
 * Changes are applied one at a time, so two quick adds never lose one another.
 */
export class RecentFilesStore {
  private files: RecentFile[] | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly opts: { limit?: number; now?: () => Date; onWarning?: (message: string) => void } = {},
  ) {}

  private get limit(): number {
    return this.opts.limit ?? 10;
  }

  list(): Promise<RecentFile[]> {
    return this.serial(async () => [...(await this.load())]);
  }

  add(filePath: string): Promise<RecentFile[]> {
    return this.serial(async () => {
      const abs = path.resolve(filePath);
      const entry: RecentFile = { path: abs, name: path.basename(abs), openedAt: (this.opts.now?.() ?? new Date()).toISOString() };
      const rest = (await this.load()).filter((f) => !samePath(f.path, abs));
      return this.save([entry, ...rest]);
    });
  }

  remove(filePath: string): Promise<RecentFile[]> {
    return this.serial(async () => this.save((await this.load()).filter((f) => !samePath(f.path, filePath))));
  }

  clear(): Promise<RecentFile[]> {
    return this.serial(() => this.save([]));
  }

  has(filePath: string): Promise<boolean> {
    return this.serial(async () => (await this.load()).some((f) => samePath(f.path, filePath)));
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn);
    this.queue = next.catch(() => {});
    return next;
  }

  private async save(files: RecentFile[]): Promise<RecentFile[]> {
    const kept = files.slice(0, this.limit);
    // the user-data folder may not exist yet on a first run
    await mkdir(path.dirname(this.file), { recursive: true }).catch(() => {});
    await atomicWriteFile(this.file, JSON.stringify({ version: 1, files: kept }, null, 2) + '\n');
    this.files = kept;
    return [...kept];
  }

  private async load(): Promise<RecentFile[]> {
    if (this.files) return this.files;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.opts.onWarning?.(`recent files: cannot read ${this.file}: ${(e as Error).message}`);
      return (this.files = []);
    }
    this.files = parseRecentFiles(text, this.limit, (m) => this.opts.onWarning?.(`recent files: ${m}`));
    return this.files;
  }
}

/** Entries from the store's JSON, salvaging what is valid. */
export function parseRecentFiles(text: string, limit: number, warn: (message: string) => void = () => {}): RecentFile[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    warn('the list was damaged (not JSON) and starts empty');
    return [];
  }
  const list = Array.isArray(raw) ? raw : (raw as { files?: unknown } | null)?.files;
  if (!Array.isArray(list)) {
    warn('the list was damaged (no "files" array) and starts empty');
    return [];
  }
  const out: RecentFile[] = [];
  for (const item of list) {
    const r = recentFileSchema.safeParse(item);
    if (r.success && path.isAbsolute(r.data.path) && !out.some((f) => samePath(f.path, r.data.path))) out.push(r.data);
  }
  if (out.length < list.length) warn(`dropped ${list.length - out.length} damaged or repeated entr${list.length - out.length === 1 ? 'y' : 'ies'}`);
  return out.slice(0, limit);
}

function samePath(a: string, b: string): boolean {
  const norm = (p: string) => (process.platform === 'win32' || process.platform === 'darwin' ? path.resolve(p).toLowerCase() : path.resolve(p));
  return norm(a) === norm(b);
}
