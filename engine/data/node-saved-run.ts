import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { APP_RUN_PREFIX, CHECKPOINT_FORMAT, savedRunFrom, type SavedRun, type StoredManifest } from './saved-run.js';

/** Read the latest checkpoint of a run folder (or a checkpoint folder itself). */
export async function readCheckpointFiles(dir: string): Promise<{ manifest: StoredManifest; values: Float32Array }> {
  let ckptDir = dir;
  try {
    const latest = (await readFile(path.join(dir, 'latest'), 'utf8')).trim();
    ckptDir = path.join(dir, latest);
  } catch {
    // `dir` may be a checkpoint folder already
  }
  let manifest: StoredManifest;
  try {
    manifest = JSON.parse(await readFile(path.join(ckptDir, 'manifest.json'), 'utf8'));
  } catch {
    throw new Error(`${dir} holds no checkpoint (no ${path.join(ckptDir, 'manifest.json')}): give a run folder made by "pretrain-lab train"`);
  }
  if (manifest.format !== CHECKPOINT_FORMAT) throw new Error(`${ckptDir}/manifest.json is not a Pretrain Lab checkpoint`);
  const bytes = await readFile(path.join(ckptDir, 'weights.bin'));
  const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { manifest, values };
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
    throw new Error(`run folder "${run}" holds no checkpoint: give a folder made by "pretrain-lab train" (${e instanceof Error ? e.message : String(e)})`);
  });
  return savedRunFrom(run, manifest, values);
}
