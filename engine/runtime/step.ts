import * as tf from '@tensorflow/tfjs';
import { hashSeed } from '../core/rng.js';
import type { DecodeState } from './decode-cache.js';

/** What a model node knows about the step it runs in. */
export interface StepContext {
  training: boolean;
  step: number;
  /** a seed for this node's randomness at this step (dropout) */
  seed: number;
  /**
   * Present when the model decodes incrementally (sampling text with a key/value cache): the
   * inputs hold only new positions, starting at `decode.offset`. Only nodes marked `incremental`
   * are run this way.
   */
  decode?: DecodeState;
}

/** Training step `step` (1-based): its randomness depends on nothing but the graph seed and the step. */
export function trainingStep(seed: number, step: number): StepContext {
  return { training: true, step, seed: hashSeed(seed, 'step', step) };
}

/** Held-out batch `index`: no dropout, and a seed of its own. */
export function evalStep(index: number): StepContext {
  return { training: false, step: 0, seed: index };
}

/** The step as one node sees it: each node draws its own randomness (and keeps its own decode state). */
export function nodeStep(ctx: StepContext, nodeId: string): StepContext {
  const { decode, ...rest } = ctx;
  return decode ? { ...rest, seed: hashSeed(ctx.seed, nodeId), decode: decode.scoped(nodeId) } : { ...rest, seed: hashSeed(ctx.seed, nodeId) };
}

/** A model node run on one step: its inputs to its outputs, by port name. */
export type TensorApply = ((inputs: Record<string, tf.Tensor>, step: StepContext) => Record<string, tf.Tensor>) & {
  /** it can run on new positions alone, given `step.decode` (position-wise nodes, causal layers with a cache) */
  incremental?: boolean;
};

/** Mark a node's apply as able to run incrementally: position by position, or with `step.decode`. */
export function incremental(apply: TensorApply): TensorApply {
  return Object.assign(apply, { incremental: true });
}

/** Values read off the device for a metric, by the names `select` gave their tensors. */
export type MetricValues = Record<string, tf.TypedArray>;

/**
 * Accumulates a node's held-out metrics over the eval batches, on the host. `select` runs with
 * the model (inside its tidy) and names the tensors it needs; they are read asynchronously and
 * handed to `add`. Never a synchronous read: on webgpu one goes through a canvas (and there is
 * none in Node), and in a worker it blocks the thread.
 */
export interface MetricAccumulator {
  select(inputs: Record<string, tf.Tensor>, outputs: Record<string, tf.Tensor>): Record<string, tf.Tensor>;
  add(values: MetricValues): void;
  result(): Record<string, number>;
}
