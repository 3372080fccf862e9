import { lstat, open, readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { APP_RUN_PREFIX, CHECKPOINT_FORMAT, savedRunFrom, type SavedRun, type StoredManifest } from './saved-run.js';

/*
 * A run folder is untrusted input: a person may open one they were sent. Only plain files are
 * read (never a link, a FIFO or a device, which could hang or never end), each no bigger than it
 * should be; `latest` may only name a checkpoint folder inside the run; the manifest is checked
 * field by field before anything trusts it, and every problem says which file and what is wrong.
 */

/** A manifest holds a graph and tokenizer states: megabytes, not gigabytes. */
const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;
const MAX_LATEST_BYTES = 256;

/** The file's size, after making sure it is a plain file: not a link, FIFO, device or folder. */
async function plainFile(file: string, what: string): Promise<number> {
  const info = await lstat(file).catch(() => undefined);
  if (!info) throw new Error(`${what} is missing (${file})`);
  if (info.isSymbolicLink()) throw new Error(`${what} is a link (${file}): a run folder's files must be plain files`);
  if (!info.isFile()) throw new Error(`${what} is not a plain file (${file})`);
  return info.size;
}

/** Read exactly `size` bytes of a plain file (a file that grew meanwhile is read no further). */
async function readPlain(file: string, size: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(size);
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(buf, at, size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    if (at !== size) throw new Error(`${file} changed while it was read`);
    return buf;
  } finally {
    await handle.close();
  }
}

/** What is wrong with a parsed manifest, or null: the fields reading a checkpoint relies on. */
export function manifestProblem(m: unknown): string | null {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return 'it does not hold a JSON object';
  const o = m as Record<string, unknown>;
  if (o.format !== CHECKPOINT_FORMAT) return `it is not a Pretrain Lab checkpoint ("format" is ${JSON.stringify(o.format)}, not "${CHECKPOINT_FORMAT}")`;
  if (!Number.isInteger(o.step) || (o.step as number) < 0) return '"step" is missing or not a whole number';
  if (typeof o.graph !== 'object' || o.graph === null || !Array.isArray((o.graph as { nodes?: unknown }).nodes)) return '"graph" is missing or has no list of nodes';
  if (o.sourceStates !== undefined && (typeof o.sourceStates !== 'object' || o.sourceStates === null || Array.isArray(o.sourceStates))) return '"sourceStates" is not an object';
  if (!Array.isArray(o.variables)) return '"variables" is missing or not a list';
  for (const [i, v] of (o.variables as unknown[]).entries()) {
    const e = v as { name?: unknown; shape?: unknown };
    if (typeof e?.name !== 'string' || !Array.isArray(e.shape) || !e.shape.every((d) => Number.isInteger(d) && d >= 0)) {
      return `"variables"[${i}] is not a {name, shape} with a list of sizes`;
    }
  }
  return null;
}

/** The checkpoint folder a run folder's `latest` names, inside it; or the folder itself when it is a checkpoint. */
async function checkpointFolder(dir: string): Promise<string> {
  const pointer = path.join(dir, 'latest');
  const exists = await lstat(pointer).catch(() => undefined);
  if (!exists) return dir;
  const size = await plainFile(pointer, `${dir}: "latest"`);
  if (size > MAX_LATEST_BYTES) throw new Error(`${dir}: "latest" is ${size} bytes, too long to name a checkpoint`);
  const name = (await readPlain(pointer, size)).toString('utf8').trim();
  if (!/^ckpt-\d+$/.test(name)) throw new Error(`${dir}: "latest" names ${JSON.stringify(name.slice(0, 80))}, which is not a checkpoint folder of this run (ckpt-<step>)`);
  const folder = path.join(dir, name);
  const info = await lstat(folder).catch(() => undefined);
  if (!info?.isDirectory()) throw new Error(`${dir}: "latest" names ${name}, which is not a folder in the run`);
  return folder;
}

/** What `dir` is, when it holds no checkpoint: said as the person would need it. */
async function noCheckpointMessage(dir: string, manifestFile: string): Promise<string> {
  const made = 'give a run folder made by "pretrain-lab train"';
  const info = await lstat(dir).catch(() => undefined);
  if (!info) return `${dir}: no such folder: ${made}`;
  if (!info.isDirectory())
    return dir.endsWith('.json') ? `${dir} is a file (a graph?), not a run: train it with "pretrain-lab train ${dir}", then give the run folder` : `${dir} is a file, not a run folder: ${made}`;
  const checkpoints = (await readdir(dir).catch(() => [])).filter((e) => /^ckpt-\d+$/.test(e)).sort();
  if (checkpoints.length) return `${dir} has checkpoints (${checkpoints.join(', ')}) but no "latest" file naming the one to use: give one of them, e.g. ${path.join(dir, checkpoints.at(-1)!)}`;
  return `${dir} holds no checkpoint (no ${manifestFile}): ${made}`;
}

/** Read the latest checkpoint of a run folder (or a checkpoint folder itself). */
export async function readCheckpointFiles(dir: string): Promise<{ manifest: StoredManifest; values: Float32Array }> {
  const ckptDir = await checkpointFolder(dir);
  const manifestFile = path.join(ckptDir, 'manifest.json');
  if (!(await lstat(manifestFile).catch(() => undefined))) throw new Error(await noCheckpointMessage(dir, manifestFile));
  const size = await plainFile(manifestFile, 'manifest.json');
  if (size > MAX_MANIFEST_BYTES) throw new Error(`${manifestFile} is ${size} bytes: too big to be a checkpoint manifest`);
  let manifest: StoredManifest;
  try {
    manifest = JSON.parse((await readPlain(manifestFile, size)).toString('utf8'));
  } catch (e) {
    throw new Error(`${manifestFile} is not valid JSON (${e instanceof Error ? e.message : String(e)}): the checkpoint is damaged`);
  }
  const problem = manifestProblem(manifest);
  if (problem) throw new Error(`${manifestFile}: ${problem}`);
  const weightsFile = path.join(ckptDir, 'weights.bin');
  const bytes = await plainFile(weightsFile, 'weights.bin');
  // model variables, then the optimizer's two moments: three values each
  const values = manifest.variables.reduce((n, v) => n + v.shape.reduce((a, b) => a * b, 1), 0) * 3;
  if (bytes !== values * 4) throw new Error(`${weightsFile} holds ${bytes} bytes, but the manifest's variables need ${values * 4}: the checkpoint is damaged`);
  const data = await readPlain(weightsFile, bytes);
  return { manifest, values: new Float32Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)) };
}

/** The run folder `run` (relative to `baseDir`): its latest checkpoint's graph, states and model weights. */
export async function readSavedRun(run: string, baseDir: string): Promise<SavedRun> {
  if (run.trim() === '') throw new Error('no run folder given');
  if (run.startsWith(APP_RUN_PREFIX)) {
    throw new Error(`"${run}" names a run trained in the app, which lives in the app's storage, not in a folder: give the run folder of a run made by "pretrain-lab train --out DIR"`);
  }
  const dir = path.resolve(baseDir, run);
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new Error(`run folder "${run}" does not exist (looked for ${dir}): train a run into it first, e.g. "pretrain-lab train GRAPH --out ${run}"`);
  }
  const { manifest, values } = await readCheckpointFiles(dir).catch((e: unknown) => {
    const why = e instanceof Error ? e.message : String(e);
    // a folder with no checkpoint at all is the usual mistake: say so first
    throw new Error(/holds no checkpoint/.test(why) ? `run folder "${run}" holds no checkpoint: give a folder made by "pretrain-lab train" (${why})` : `run folder "${run}": ${why}`);
  });
  return savedRunFrom(run, manifest, values);
}
