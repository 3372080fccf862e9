import { CHECKPOINT_FORMAT } from '../../../engine/data/saved-run.js';
import { checkpointSize, type Checkpoint, type CheckpointManifest } from '../../../engine/train/checkpoint.js';

/**
 * A run folder chosen in a folder picker (`pretrain-lab train --out DIR`: `latest`,
 * `ckpt-<step>/{manifest.json,weights.bin}`), read into a checkpoint. Files are named by their
 * path inside the chosen folder ("masked-lm/ckpt-0002000/manifest.json"); a checkpoint folder
 * chosen itself works too. Every failure says what was expected.
 */
export interface PickedFile {
  /** path from the chosen folder, the folder's own name first */
  path: string;
  text(): Promise<string>;
  bytes(): Promise<ArrayBuffer>;
}

export async function readRunFolder(files: readonly PickedFile[]): Promise<{ folder: string; checkpoint: Checkpoint }> {
  if (files.length === 0) throw new Error('the folder is empty: choose a run folder made by "pretrain-lab train --out DIR"');
  const folder = files[0]!.path.split('/')[0]!;
  const byPath = new Map(files.map((f) => [f.path, f]));
  let dir = folder;
  const latest = byPath.get(`${folder}/latest`);
  if (latest) dir = `${folder}/${(await latest.text()).trim()}`;
  else if (!byPath.has(`${folder}/manifest.json`)) {
    // no pointer: the newest checkpoint folder
    const ckpts = [...new Set(files.map((f) => /^[^/]+\/(ckpt-\d+)\/manifest\.json$/.exec(f.path)?.[1]).filter((x): x is string => !!x))].sort();
    if (ckpts.length) dir = `${folder}/${ckpts.at(-1)}`;
  }
  const manifestFile = byPath.get(`${dir}/manifest.json`);
  const weightsFile = byPath.get(`${dir}/weights.bin`);
  if (!manifestFile || !weightsFile) {
    throw new Error(`"${folder}" holds no checkpoint (no ${dir.slice(folder.length + 1) || '.'}/manifest.json and weights.bin): choose a run folder made by "pretrain-lab train --out DIR"`);
  }
  let manifest: CheckpointManifest;
  try {
    manifest = JSON.parse(await manifestFile.text());
  } catch {
    throw new Error(`${dir}/manifest.json is not JSON: the checkpoint is damaged`);
  }
  if (manifest?.format !== CHECKPOINT_FORMAT || !Array.isArray(manifest.variables)) throw new Error(`${dir}/manifest.json is not a Pretrain Lab checkpoint`);
  const bytes = await weightsFile.bytes();
  const expected = checkpointSize(manifest);
  if (bytes.byteLength !== expected * 4) {
    throw new Error(`${dir}/weights.bin holds ${bytes.byteLength} bytes, but its manifest needs ${expected * 4}: the checkpoint is damaged or was cut short`);
  }
  return { folder, checkpoint: { manifest, values: new Float32Array(bytes) } };
}

/** Browser File objects from a folder picker, as PickedFiles. */
export function pickedFiles(files: readonly File[]): PickedFile[] {
  return files.map((f) => ({ path: f.webkitRelativePath || f.name, text: () => f.text(), bytes: () => f.arrayBuffer() }));
}
