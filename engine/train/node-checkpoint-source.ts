import type { CheckpointSource } from '../data/checkpoint-source.js';
import { readSavedRun } from '../data/node-saved-run.js';

/** Run folders on disk (made by `pretrain-lab train --out DIR`), relative to `baseDir`. */
export function createNodeCheckpointSource(baseDir: string): CheckpointSource {
  return { loadRun: (run) => readSavedRun(run, baseDir) };
}
