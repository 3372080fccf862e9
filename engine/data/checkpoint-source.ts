
/**
 * Where checkpoint nodes read a finished run from (continued pretraining). Like the DataSource,
 * the engine never opens files itself: the CLI and tests inject a Node implementation
 * (engine/train/node-checkpoint-source.ts); the app can add its own.
 */
export type { SavedRun, SavedVariable } from './saved-run.js';
import type { SavedRun } from './saved-run.js';

export interface CheckpointSource {
  /** The latest checkpoint of a run folder; rejects with a plain message when there is none. */
  loadRun(run: string): Promise<SavedRun>;
}
