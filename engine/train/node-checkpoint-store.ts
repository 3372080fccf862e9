import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readCheckpointFiles } from '../data/node-saved-run.js';
import { DocumentError, loadGraph } from '../core/serialize.js';
import { type Checkpoint, type CheckpointManifest, type CheckpointStore } from './checkpoint.js';
import { encodeSafetensors, type SafeTensor } from '../core/safetensors.js';

/** A checkpoint's weights (not the optimizer's moments that follow them), by name. */
export function checkpointWeights(ckpt: Checkpoint): Record<string, SafeTensor> {
  const out: Record<string, SafeTensor> = {};
  let offset = 0;
  for (const v of ckpt.manifest.variables) {
    const size = v.shape.reduce((a, b) => a * b, 1);
    out[v.name] = { dtype: 'float32', shape: v.shape, data: ckpt.values.subarray(offset, offset + size) };
    offset += size;
  }
  return out;
}

/**
 * Checkpoints as directories in a run folder: `ckpt-<step>/{manifest.json,weights.bin,weights.safetensors}`, written
 * under a temporary name and renamed into place, then `latest` (a one-line file, also replaced
 * by rename) points at it. A crash mid-write leaves the previous checkpoint intact.
 */
export class DirectoryCheckpointStore implements CheckpointStore {
  constructor(
    readonly runDir: string,
    private readonly keep = 2,
  ) {}

  async save(ckpt: Checkpoint): Promise<string> {
    await mkdir(this.runDir, { recursive: true });
    const name = `ckpt-${String(ckpt.manifest.step).padStart(7, '0')}`;
    const tmp = join(this.runDir, `.${name}.tmp-${process.pid}`);
    await rm(tmp, { recursive: true, force: true });
    await mkdir(tmp);
    await writeFile(join(tmp, 'weights.bin'), new Uint8Array(ckpt.values.buffer, ckpt.values.byteOffset, ckpt.values.byteLength));
    // the weights alone by their engine names, for other tools (an exported PyTorch program's --init-from)
    await writeFile(join(tmp, 'weights.safetensors'), encodeSafetensors(checkpointWeights(ckpt)));
    await writeFile(join(tmp, 'manifest.json'), JSON.stringify(ckpt.manifest));
    const dest = join(this.runDir, name);
    await rm(dest, { recursive: true, force: true });
    await rename(tmp, dest);
    const pointer = join(this.runDir, `.latest.tmp-${process.pid}`);
    await writeFile(pointer, name + '\n');
    await rename(pointer, join(this.runDir, 'latest'));
    await this.prune(name);
    return dest;
  }

  private async prune(current: string): Promise<void> {
    const all = (await readdir(this.runDir)).filter((f) => /^ckpt-\d+$/.test(f)).sort();
    for (const old of all.slice(0, Math.max(0, all.length - this.keep))) {
      if (old !== current) await rm(join(this.runDir, old), { recursive: true, force: true });
    }
  }
}

/**
 * Read the latest checkpoint of a run folder (or a checkpoint folder itself). Its graph goes
 * through the same loading and checks as a graph file: a run folder is untrusted input, and node
 * ids become file names and variable names.
 */
export async function loadCheckpoint(dir: string): Promise<Checkpoint> {
  const { manifest, values } = await readCheckpointFiles(dir);
  let graph;
  try {
    graph = loadGraph(manifest.graph);
  } catch (e) {
    if (!(e instanceof DocumentError)) throw e;
    throw new Error(`${dir}: the graph in its checkpoint is not a valid graph: ${e.nodeId ? `node ${e.nodeId}: ` : ''}${e.message}`);
  }
  return { manifest: { ...(manifest as CheckpointManifest), graph }, values };
}
