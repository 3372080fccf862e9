import type { GraphDocument } from '../core/graph-document.js';

/**
 * A checkpoint: everything needed to continue a run exactly or to use its model: the graph,
 * the source states (tokenizers), every variable and the optimizer's moments, and the step.
 * Stored as one JSON manifest plus one binary of float32 values in manifest order.
 */
export { CHECKPOINT_FORMAT } from '../data/saved-run.js';
import type { CHECKPOINT_FORMAT } from '../data/saved-run.js';

export interface TensorEntry {
  name: string;
  shape: number[];
}

export interface CheckpointManifest {
  format: typeof CHECKPOINT_FORMAT;
  version: 1;
  step: number;
  totalSteps: number;
  backend: string;
  graph: GraphDocument;
  sourceStates: Record<string, unknown>;
  /** model variables, then optimizer m, then optimizer v, each in this order */
  variables: TensorEntry[];
  optimizer: { updates: number };
  /** the last held-out figures, for `done` events and run listings */
  lastEval?: { step: number; valLoss: number; metrics: Record<string, number> };
}

export interface Checkpoint {
  manifest: CheckpointManifest;
  /** variables, m, v concatenated */
  values: Float32Array;
}

/** Where checkpoints go: the CLI writes directories, the app its own storage. */
export interface CheckpointStore {
  /** Save atomically: a reader sees the previous checkpoint or this one, never half of one. Returns where it went. */
  save(checkpoint: Checkpoint): Promise<string>;
}

export function checkpointSize(manifest: CheckpointManifest): number {
  const per = manifest.variables.reduce((n, v) => n + v.shape.reduce((a, b) => a * b, 1), 0);
  return per * 3;
}
