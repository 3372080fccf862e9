import * as tf from '@tensorflow/tfjs';
import type { MetricAccumulator } from '../runtime/step.js';

/** Called with each node's inputs and outputs as a model runs, so metrics can watch them. */
export type ObserveNode = (nodeId: string, inputs: Record<string, tf.Tensor>, outputs: Record<string, tf.Tensor>) => void;

/**
 * Mean held-out loss over `batches` validation batches, and the metrics of the nodes that keep
 * them (named "<node>.<metric>" when more than one node does). `lossOf(i, observe)` runs the model
 * on held-out batch i. `signal` aborts between batches (a person skipping the final evaluation).
 */
export async function heldOutEvaluation(
  batches: number,
  accumulators: Map<string, MetricAccumulator>,
  lossOf: (index: number, observe: ObserveNode) => tf.Scalar,
  signal?: AbortSignal,
): Promise<{ valLoss: number; metrics: Record<string, number> }> {
  let total = 0;
  for (let i = 0; i < batches; i++) {
    signal?.throwIfAborted();
    // what each metric selected, kept past the tidy as clones (a selected input may be a batch tensor owned elsewhere)
    const selected: { acc: MetricAccumulator; tensors: Record<string, tf.Tensor> }[] = [];
    const loss = tf.tidy(() =>
      lossOf(i, (id, inputs, outputs) => {
        const acc = accumulators.get(id);
        if (!acc) return;
        const tensors = Object.fromEntries(Object.entries(acc.select(inputs, outputs)).map(([k, t]) => [k, tf.keep(t.clone())]));
        selected.push({ acc, tensors });
      }),
    );
    try {
      total += (await loss.data())[0]!;
      for (const { acc, tensors } of selected) {
        const names = Object.keys(tensors);
        const values = await Promise.all(names.map((k) => tensors[k]!.data()));
        acc.add(Object.fromEntries(names.map((k, j) => [k, values[j]!])));
      }
    } finally {
      loss.dispose();
      for (const { tensors } of selected) tf.dispose(Object.values(tensors));
    }
  }
  const metrics: Record<string, number> = {};
  const prefix = accumulators.size > 1;
  for (const [id, acc] of accumulators) {
    for (const [name, value] of Object.entries(acc.result())) metrics[prefix ? `${id}.${name}` : name] = value;
  }
  return { valLoss: total / batches, metrics };
}
