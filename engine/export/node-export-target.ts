import { open, readdir, stat } from 'node:fs/promises';

/**
 * What an export may replace. Re-exporting over an earlier export is the common case and must
 * just work; anything else at the output path is the user's, and is refused rather than lost.
 * An exported program says so in its opening comment (program-template.ts, the PyTorch template).
 */
const EXPORTED_MARK = /program exported from Pretrain Lab/;

async function kindOf(path: string): Promise<'none' | 'file' | 'folder' | 'other'> {
  try {
    const s = await stat(path);
    return s.isFile() ? 'file' : s.isDirectory() ? 'folder' : 'other';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
    throw e;
  }
}

/** Whether `file` is a program an export wrote (its opening comment, within the first 1 KiB). */
async function isExportedProgram(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(1024), 0, 1024, 0);
    return EXPORTED_MARK.test(buffer.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await handle.close();
  }
}

/** Why the program file may not be written, or null: it is new, or an earlier export. */
export async function programFileProblem(file: string): Promise<string | null> {
  const kind = await kindOf(file);
  if (kind === 'none') return null;
  if (kind !== 'file') return `${file} is a ${kind === 'folder' ? 'folder' : 'special file'}: give the program a file name`;
  if (await isExportedProgram(file)) return null;
  return `${file} exists and is not a program exported from Pretrain Lab: give another file name, or move it away first (nothing was written)`;
}

/**
 * Why a PyTorch program's data folder may not be replaced, or null: it is new or empty, or it
 * sits beside the program an earlier export wrote with it.
 */
export async function dataFolderProblem(dataDir: string, programFile: string): Promise<string | null> {
  const kind = await kindOf(dataDir);
  if (kind === 'none') return null;
  if (kind !== 'folder') return `${dataDir} exists and is not a folder: the program's data goes there; move it away or give another file name`;
  const entries = await readdir(dataDir);
  if (entries.length === 0) return null;
  if ((await kindOf(programFile)) === 'file' && (await isExportedProgram(programFile))) return null;
  const shown = entries.slice(0, 3).join(', ') + (entries.length > 3 ? ', …' : '');
  return `${dataDir}/ exists (holding ${shown}) with no exported program at ${programFile}: the export would replace it; move it away or give another file name (nothing was written)`;
}
