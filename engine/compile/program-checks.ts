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

/** Each tensor all finite? Read asynchronously: a synchronous read on webgpu goes through a canvas. */
async function allFinite(ts: tf.Tensor[]): Promise<boolean[]> {
  const flags = tf.tidy(() => ts.map((t) => (t.dtype === 'float32' ? tf.all(tf.isFinite(t)) : tf.scalar(true, 'bool'))));
  try {
    return await Promise.all(flags.map(async (f) => (await f.data())[0] === 1));
  } finally {
    tf.dispose(flags);
  }
}

/**
 * Replay one batch checking every node's outputs in run order: the first non-finite one is
 * where the problem starts (a node downstream of it only inherits it).
 */
export async function findNonFinite(model: TensorGraph, nodes: string[], feed: (key: string) => tf.Tensor, ctx: ApplyContext): Promise<NonFiniteReport | null> {
  const weightsFinite = await allFinite(model.variables.map((v) => v.variable));
  const bad = model.variables.find((_, i) => !weightsFinite[i]);
  if (bad) {
    const [nodeId, ...rest] = bad.name.split('/');
    return { nodeId: nodeId!, port: rest.join('/'), kind: 'weights' };
  }
  // every node's outputs in run order, kept past the run's tidy to be read afterwards (as clones,
  // which share the data: an output may be a variable or a batch tensor owned elsewhere)
  const outputs: { nodeId: string; port: string; t: tf.Tensor }[] = [];
  tf.tidy(() => {
    model.run(nodes, feed, ctx, (id, _inputs, out) => {
      for (const [port, t] of Object.entries(out)) outputs.push({ nodeId: id, port, t: tf.keep(t.clone()) });
    });
  });
  try {
    const finite = await allFinite(outputs.map((o) => o.t));
    const first = outputs.find((_, i) => !finite[i]);
    return first ? { nodeId: first.nodeId, port: first.port, kind: 'output' } : null;
  } finally {
    tf.dispose(outputs.map((o) => o.t));
  }
}
