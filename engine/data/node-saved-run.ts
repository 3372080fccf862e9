import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { CHECKPOINT_FORMAT, type SavedRun, type SavedVariable, type StoredManifest } from './saved-run.js';

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
  const dir = path.resolve(baseDir, run);
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new Error(`run folder "${run}" does not exist (looked for ${dir}): train a run into it first, e.g. "pretrain-lab train GRAPH --out ${run}"`);
  }
  const { manifest, values } = await readCheckpointFiles(dir).catch((e: unknown) => {
    throw new Error(`run folder "${run}" holds no checkpoint: give a folder made by "pretrain-lab train" (${e instanceof Error ? e.message : String(e)})`);
  });
  const variables: SavedVariable[] = [];
  let offset = 0;
  for (const v of manifest.variables) {
    const size = v.shape.reduce((a, b) => a * b, 1);
    if (offset + size > values.length) throw new Error(`run folder "${run}": the checkpoint weights file is truncated`);
    variables.push({ name: v.name, shape: v.shape, values: values.slice(offset, offset + size) });
    offset += size;
  }
  return { run, step: manifest.step, graph: manifest.graph, sourceStates: manifest.sourceStates ?? {}, variables };
}
