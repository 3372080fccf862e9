import { z } from 'zod';
import * as tf from '@tensorflow/tfjs';
import { defineNode, type MetricAccumulator } from '../../engine/registry/define-node.js';
import { softmaxCrossEntropy } from '../../engine/runtime/cross-entropy.js';

const params = z.strictObject({
  labelSmoothing: z.number().min(0).max(0.5).default(0),
});

export type CrossEntropyParams = z.infer<typeof params>;

/**
 * Held-out accuracy over positions with weight > 0, and the accuracy of always guessing the most
 * frequent target (what a model that ignored its input could reach). Counted on the host.
 */
export function accuracyAccumulator(): MetricAccumulator {
  let correct = 0;
  let total = 0;
  const perTarget = new Map<number, number>();
  return {
    update(inputs) {
      const predicted = tf.tidy(() => tf.argMax(inputs.logits!, -1).dataSync());
      const targets = inputs.targets!.dataSync();
      const weights = inputs.weights?.dataSync();
      for (let i = 0; i < targets.length; i++) {
        const w = weights ? weights[i]! : 1;
        if (!(w > 0)) continue;
        const t = targets[i]!;
        total += w;
        if (predicted[i] === t) correct += w;
        perTarget.set(t, (perTarget.get(t) ?? 0) + w);
      }
    },
    result() {
      const most = Math.max(0, ...perTarget.values());
      return { accuracy: total > 0 ? correct / total : 0, baselineAccuracy: total > 0 ? most / total : 0 };
    },
  };
}

export const crossEntropyNode = defineNode<CrossEntropyParams>({
  type: 'loss/cross-entropy',
  family: 'loss',
  title: 'Cross-entropy',
  version: 1,
  stage: 'tensor',
  docs: `The language-modelling loss: at every position, minus the log-probability the logits give
the target token, averaged. It starts near ln(V) for an untrained model.

Connect \`weights\` to choose which positions count and how much: the mean is
sum(w * loss) / sum(w), so a position with weight 0 (padding, or the unmasked tokens of BERT
masking) is ignored. \`labelSmoothing\` s trains towards (1 - s) on the target and s spread
evenly over the vocabulary, which keeps the model from becoming over-confident.

Reports on held-out data: \`accuracy\`, the share of positions whose most likely token is the
target, counting only positions with weight > 0 (e.g. the masked tokens in BERT); and
\`baselineAccuracy\`, what always guessing the most frequent target would score on the same
positions.`,
  params,
  inputs: [
    { name: 'logits', type: { dtype: 'float32', shape: ['B', 'T', 'V'], role: 'logits' }, doc: 'scores per token' },
    { name: 'targets', type: { dtype: 'int32', shape: ['B', 'T'], role: 'targets', vocab: 'V' }, doc: 'the tokens to predict' },
    { name: 'weights', type: { dtype: 'float32', shape: ['B', 'T'], role: 'loss-weights' }, doc: 'how much each position counts (0 = ignored)', optional: true },
  ],
  outputs: [{ name: 'loss', type: { dtype: 'float32', shape: [], role: 'loss' }, doc: 'the weighted mean loss' }],
  build({ params: p }) {
    return {
      apply: ({ logits, targets, weights }) => ({ loss: softmaxCrossEntropy(logits!, targets!, weights, p.labelSmoothing) }),
      metrics: accuracyAccumulator,
    };
  },
});
