import * as tf from '@tensorflow/tfjs';
import type { TrainingProgram } from '../compile/program-types.js';
import type { AdamW } from './adamw.js';
import { CHECKPOINT_FORMAT, type Checkpoint, type CheckpointManifest } from './checkpoint.js';

/**
 * Copy the program's variables and the optimizer state off the device into a checkpoint. Read
 * asynchronously: on webgpu a synchronous read goes through a canvas (none in Node) and stalls
 * the worker.
 */
export async function takeCheckpoint(
  program: TrainingProgram,
  opt: AdamW,
  step: number,
  totalSteps: number,
  backend: string,
  lastEval: CheckpointManifest['lastEval'],
): Promise<Checkpoint> {
  const tensors = [...program.variables.map((v) => v.variable), ...opt.m, ...opt.v];
  const size = tensors.reduce((n, t) => n + t.size, 0);
  const values = new Float32Array(size);
  let offset = 0;
  for (const t of tensors) {
    values.set((await t.data()) as Float32Array, offset);
    offset += t.size;
  }
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    version: 1,
    step,
    totalSteps,
    backend,
    graph: program.doc,
    sourceStates: program.sourceStates,
    variables: program.variables.map((v) => ({ name: v.name, shape: v.variable.shape })),
    optimizer: { updates: opt.t },
    ...(lastEval ? { lastEval } : {}),
  };
  return { manifest, values };
}

/** Load a checkpoint's weights into a freshly compiled program (and, when given, optimizer state). */
export function restoreCheckpoint(ckpt: Checkpoint, program: TrainingProgram, opt?: AdamW): void {
  const { manifest, values } = ckpt;
  const byName = new Map(program.variables.map((v) => [v.name, v.variable]));
  const problems: string[] = [];
  for (const entry of manifest.variables) {
    const v = byName.get(entry.name);
    if (!v) problems.push(`the checkpoint has "${entry.name}", which this graph does not`);
    else if (v.shape.join('x') !== entry.shape.join('x')) {
      problems.push(`"${entry.name}" is [${entry.shape}] in the checkpoint but [${v.shape}] in this graph`);
    }
  }
  if (problems.length || manifest.variables.length !== program.variables.length) {
    throw new Error(`the checkpoint does not match this graph: ${problems.join('; ') || 'different variables'}`);
  }
  const perBlock = manifest.variables.reduce((n, e) => n + e.shape.reduce((a, b) => a * b, 1), 0);
  if (values.length !== perBlock * 3) throw new Error('the checkpoint weights file is truncated');
  // Moments are stored in the manifest's variable order, which is the program's: same graph, same build order.
  const targets = [...manifest.variables.map((e) => byName.get(e.name)!), ...(opt ? [...opt.m, ...opt.v] : [])];
  let offset = 0;
  for (const t of targets) {
    tf.tidy(() => t.assign(tf.tensor(values.subarray(offset, offset + t.size), t.shape)));
    offset += t.size;
  }
  if (opt) opt.t = manifest.optimizer.updates;
}
