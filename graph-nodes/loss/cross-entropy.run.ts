import * as tf from '@tensorflow/tfjs';
import { softmaxCrossEntropy } from '../../engine/runtime/cross-entropy.js';
import type { MetricAccumulator, TensorApply } from '../../engine/runtime/step.js';

/** Mean (weighted) softmax cross-entropy of the logits against the targets. */
export function crossEntropy(p: { labelSmoothing: number }): TensorApply {
  return ({ logits, targets, weights }) => ({ loss: softmaxCrossEntropy(logits!, targets!, weights, p.labelSmoothing) });
}

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
