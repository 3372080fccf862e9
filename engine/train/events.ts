import type { EvalOutput } from '../registry/define-node.js';
import type { NonFiniteReport } from '../compile/program-types.js';

/** What a training run reports, in order: start, step..., eval..., output..., then done or error. */
export type TrainEvent =
  /** samplesPerBatch: examples (blocks, images, pairs) in a training batch */
  | { event: 'start'; step: number; totalSteps: number; backend: string; parameters: number; tokensPerBatch: number; samplesPerBatch?: number }
  /** samplesPerSec: training examples a second (images/s for image objectives, which read no tokens) */
  | { event: 'step'; step: number; loss: number; lr: number; gradNorm: number; tokensPerSec: number; samplesPerSec?: number; etaSeconds: number }
  | { event: 'eval'; step: number; valLoss: number; metrics: Record<string, number> }
  /** something about the graph's data the user should know, pinned to a node; the run goes on */
  | { event: 'warning'; step: number; nodeId: string | null; message: string }
  | { event: 'output'; step: number; nodeId: string; output: EvalOutput }
  | { event: 'checkpoint'; step: number; path: string }
  | {
      event: 'done';
      step: number;
      valLoss: number;
      metrics: Record<string, number>;
      backend: string;
      checkpoint: string | null;
      stopped: boolean;
    }
  | { event: 'error'; step: number; nodeId: string | null; port?: string; message: string; nonFinite?: NonFiniteReport };
