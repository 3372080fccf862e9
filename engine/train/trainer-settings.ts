import type { AdamWSettings } from './adamw.js';
import type { ScheduleSettings } from './schedule.js';

/**
 * What the trainer reads of a graph's optimizer node: the learning-rate schedule, AdamW's
 * settings, and when and how long to evaluate. The engine's type: the optimizer node's settings
 * schema satisfies it (graph-nodes/training/optimizer.ts checks), so the engine imports nothing
 * from the node catalogue to train.
 */
export interface TrainerSettings extends ScheduleSettings, AdamWSettings {
  evalInterval: number;
  evalBatches: number;
}
