import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Writing a file so that it is never half-written: the new contents go to a temporary file in the
 * same folder, are flushed to disk, and then renamed over the target in one step. A reader sees
 * the old file or the new one, never a mix; a write that fails leaves the old file as it was and
 * no temporary file behind.
 */
export interface AtomicWriteHooks {
  /** tests: fail part-way through writing the temporary file */
  afterPartialWrite?(tempPath: string): void | Promise<void>;
}

export async function atomicWriteFile(file: string, text: string, hooks: AtomicWriteHooks = {}): Promise<void> {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  // keep an existing file's permissions (a read-only-for-others graph stays so)
  const mode = await stat(target).then((s) => s.mode & 0o777, () => 0o666);
  let handle;
  try {
    handle = await open(temp, 'wx', mode);
    const bytes = Buffer.from(text, 'utf8');
    const half = bytes.length >> 1;
    await handle.write(bytes, 0, half, 0);
    await hooks.afterPartialWrite?.(temp);
    await handle.write(bytes, half, bytes.length - half, half);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await renameWithRetry(temp, target);
  } catch (e) {
    await handle?.close().catch(() => {});
    await unlink(temp).catch(() => {});
    throw new Error(`could not save "${target}": ${(e as Error).message}`);
  }
}

/** Windows: a virus scanner or indexer holding the target open makes rename fail for a moment. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await rename(from, to);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (process.platform !== 'win32' || attempt >= 5 || !['EPERM', 'EACCES', 'EBUSY'].includes(code ?? '')) throw e;
      await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
    }
  }
}

const MAX_GRAPH_BYTES = 64 * 1024 * 1024;

/** A graph file's text, with errors that name the file. */
export async function readTextFile(file: string, maxBytes = MAX_GRAPH_BYTES): Promise<string> {
  const info = await stat(file).catch((e: NodeJS.ErrnoException) => {
    throw new Error(e.code === 'ENOENT' ? `"${file}" no longer exists` : `cannot read "${file}": ${e.message}`);
  });
  if (!info.isFile()) throw new Error(`"${file}" is not a file`);
  if (info.size > maxBytes) throw new Error(`"${file}" is ${(info.size / 1048576).toFixed(0)} MB; a graph file is at most ${maxBytes / 1048576} MB`);
  const bytes = await readFile(file);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new Error(`"${file}" is not UTF-8 text`);
  }
}

/**
 * The files the renderer may write: those the user chose in a dialog or opened in this session.
 * A renderer (or a script in it) cannot name an arbitrary path and have main overwrite it.
 */
/** One spelling per file: absolute, and folded where the file system ignores case. */
export function pathKey(p: string): string {
  const abs = path.resolve(p);
  return process.platform === 'win32' || process.platform === 'darwin' ? abs.toLowerCase() : abs;
}

export class SessionPaths {
  private readonly paths = new Set<string>();
  private key(p: string): string {
    return pathKey(p);
  }
  allow(p: string): void {
    this.paths.add(this.key(p));
  }
  has(p: string): boolean {
    return path.isAbsolute(p) && this.paths.has(this.key(p));
  }
}

