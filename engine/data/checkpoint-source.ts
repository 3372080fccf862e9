import type { GraphDocument } from '../core/graph-document.js';

/**
 * Where checkpoint nodes read a finished run from (continued pretraining). Like the DataSource,
 * the engine never opens files itself: the CLI and tests inject a Node implementation
 * (engine/train/node-checkpoint-source.ts); the app can add its own.
 */
export interface SavedVariable {
  /** "<node id>/<name>", as the run's program named it */
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface SavedRun {
  /** the run as the user named it, for messages */
  run: string;
  step: number;
  graph: GraphDocument;
  /** source node states (tokenizer vocabularies), by node id */
  sourceStates: Record<string, unknown>;
  /** the model's weights only: optimizer moments are not carried over */
  variables: SavedVariable[];
}

export interface CheckpointSource {
  /** The latest checkpoint of a run folder; rejects with a plain message when there is none. */
  loadRun(run: string): Promise<SavedRun>;
}
