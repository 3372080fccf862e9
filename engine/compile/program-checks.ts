import * as tf from '@tensorflow/tfjs';
import type { ApplyContext, MetricAccumulator } from '../registry/define-node.js';
import { evalStep } from '../runtime/step.js';
import { heldOutEvaluation } from '../train/held-out.js';
import type { NonFiniteReport } from './program-types.js';
import type { TensorGraph } from './tensor-graph.js';

/** Mean held-out loss over the first `batches` validation batches, and the loss nodes' metrics. */
export function evaluateHeldOut(
  model: TensorGraph,
  nodes: string[],
  lossKey: string,
  batches: number,
  feedFor: (i: number) => (key: string) => tf.Tensor,
  signal?: AbortSignal,
): Promise<{ valLoss: number; metrics: Record<string, number> }> {
  const accumulators = new Map<string, MetricAccumulator>();
  for (const id of nodes) {
    const acc = model.runtimes.get(id)!.metrics?.();
    if (acc) accumulators.set(id, acc);
  }
  return heldOutEvaluation(batches, accumulators, (i, observe) => model.run(nodes, feedFor(i), evalStep(i), observe).get(lossKey) as tf.Scalar, signal);
}

function allFinite(t: tf.Tensor): boolean {
  if (t.dtype !== 'float32') return true;
  return tf.tidy(() => tf.all(tf.isFinite(t)).dataSync()[0] === 1);
}

/**
 * Replay one batch checking every node's outputs in run order: the first non-finite one is
 * where the problem starts (a node downstream of it only inherits it).
 */
export async function findNonFinite(model: TensorGraph, nodes: string[], feed: (key: string) => tf.Tensor, ctx: ApplyContext): Promise<NonFiniteReport | null> {
  for (const v of model.variables) {
    if (!allFinite(v.variable)) {
      const [nodeId, ...rest] = v.name.split('/');
      return { nodeId: nodeId!, port: rest.join('/'), kind: 'weights' };
    }
  }
  let found: NonFiniteReport | null = null;
  tf.tidy(() => {
    model.run(nodes, feed, ctx, (id, _inputs, outputs) => {
      if (found) return;
      for (const [port, t] of Object.entries(outputs)) {
        if (!allFinite(t)) {
          found = { nodeId: id, port, kind: 'output' };
          return;
        }
      }
    });
  });
  return found;
}
