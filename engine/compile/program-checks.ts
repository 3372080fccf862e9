import * as tf from '@tensorflow/tfjs';
import type { ApplyContext, MetricAccumulator } from '../registry/define-node.js';
import { evalStep } from '../runtime/step.js';
import type { NonFiniteReport } from './program-types.js';
import type { TensorGraph } from './tensor-graph.js';

/** Mean held-out loss over the first `batches` validation batches, and the loss nodes' metrics. */
export async function evaluateHeldOut(
  model: TensorGraph,
  nodes: string[],
  lossKey: string,
  batches: number,
  feedFor: (i: number) => (key: string) => tf.Tensor,
): Promise<{ valLoss: number; metrics: Record<string, number> }> {
  const accumulators = new Map<string, MetricAccumulator>();
  for (const id of nodes) {
    const acc = model.runtimes.get(id)!.metrics?.();
    if (acc) accumulators.set(id, acc);
  }
  let total = 0;
  for (let i = 0; i < batches; i++) {
    const feed = feedFor(i);
    const loss = tf.tidy(() => {
      const values = model.run(nodes, feed, evalStep(i), (id, inputs, outputs) =>
        accumulators.get(id)?.update(inputs, outputs),
      );
      return values.get(lossKey)!;
    });
    total += (await loss.data())[0]!;
    loss.dispose();
  }
  const metrics: Record<string, number> = {};
  const prefix = accumulators.size > 1;
  for (const [id, acc] of accumulators) {
    for (const [name, value] of Object.entries(acc.result())) metrics[prefix ? `${id}.${name}` : name] = value;
  }
  return { valLoss: total / batches, metrics };
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
