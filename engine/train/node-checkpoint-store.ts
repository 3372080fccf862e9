import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
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
 * by rename) points at it. Nothing a reader may be pointed at is ever deleted before its
 * replacement is in place, so a crash, a second Ctrl-C or a full disk at any moment leaves
 * `latest` naming a whole checkpoint; a failed save removes what it wrote.
 */
export class DirectoryCheckpointStore implements CheckpointStore {
  constructor(
    readonly runDir: string,
    private readonly keep = 2,
  ) {}

  async save(ckpt: Checkpoint): Promise<string> {
    await mkdir(this.runDir, { recursive: true });
    await this.removeLeftovers();
    const name = `ckpt-${String(ckpt.manifest.step).padStart(7, '0')}`;
    const dest = join(this.runDir, name);
    const weights = new Uint8Array(ckpt.values.buffer, ckpt.values.byteOffset, ckpt.values.byteLength);
    // the weights alone by their engine names, for other tools (an exported PyTorch program's --init-from)
    const safetensors = encodeSafetensors(checkpointWeights(ckpt));
    const manifest = JSON.stringify(ckpt.manifest);
    const tmp = join(this.runDir, `.${name}.tmp-${process.pid}`);
    try {
      if (await exists(dest)) {
        // The same step saved again (a stop right after a resume, the final save after an
        // interval one): the same state, so replace its files one by one, each by rename, the
        // manifest last — `latest` may name this folder, and it is never missing or half written.
        await replaceFile(join(dest, 'weights.bin'), weights);
        await replaceFile(join(dest, 'weights.safetensors'), safetensors);
        await replaceFile(join(dest, 'manifest.json'), manifest);
      } else {
        await mkdir(tmp);
        await writeFile(join(tmp, 'weights.bin'), weights);
        await writeFile(join(tmp, 'weights.safetensors'), safetensors);
        await writeFile(join(tmp, 'manifest.json'), manifest);
        await rename(tmp, dest);
      }
      await replaceFile(join(this.runDir, 'latest'), name + '\n');
    } catch (e) {
      await rm(tmp, { recursive: true, force: true });
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EDQUOT' ? 'the disk quota is used up' : (e as Error).message;
      throw new Error(`could not save the checkpoint at step ${ckpt.manifest.step} in ${this.runDir}: ${why}; the run's previous checkpoint is unchanged`, { cause: e });
    }
    await this.prune(name);
    return dest;
  }

  private async prune(current: string): Promise<void> {
    const all = (await readdir(this.runDir)).filter((f) => /^ckpt-\d+$/.test(f)).sort();
    for (const old of all.slice(0, Math.max(0, all.length - this.keep))) {
      if (old !== current) await rm(join(this.runDir, old), { recursive: true, force: true });
    }
  }

  /** Temporary files and folders a killed process left (never another live process's). */
  private async removeLeftovers(): Promise<void> {
    for (const f of await readdir(this.runDir)) {
      const pid = /^\.(?:ckpt-\d+|latest|weights\.bin|weights\.safetensors|manifest\.json)\.tmp-(\d+)$/.exec(f)?.[1];
      if (pid !== undefined && (Number(pid) === process.pid || !alive(Number(pid)))) await rm(join(this.runDir, f), { recursive: true, force: true });
    }
  }
}

/** Write `path` whole or not at all: a temporary file beside it, renamed over it. */
async function replaceFile(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
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
