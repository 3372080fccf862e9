import * as tf from '@tensorflow/tfjs';
import { softmaxCrossEntropy } from '../../engine/runtime/cross-entropy.js';
import type { MetricAccumulator, TensorApply } from '../../engine/runtime/step.js';

/** Mean (weighted) softmax cross-entropy of the logits against the targets. */
export function crossEntropy(p: { labelSmoothing: number }): TensorApply {
  return ({ logits, targets, weights }) => ({ loss: softmaxCrossEntropy(logits!, targets!, weights, p.labelSmoothing) });
}

/**
 * Held-out accuracy over positions with weight > 0, and the accuracy of always guessing the most
 * frequent target (what a model that ignored its input could reach). Counted on the host. Given
 * branch names and a \`branch\` input, also each branch's loss and accuracy.
 */
export function accuracyAccumulator(branchNames: readonly string[] = []): MetricAccumulator {
  let correct = 0;
  let total = 0;
  const perTarget = new Map<number, number>();
  const perBranch = branchNames.map(() => ({ weight: 0, loss: 0, correct: 0 }));
  return {
    update(inputs) {
      const predicted = tf.tidy(() => tf.argMax(inputs.logits!, -1).dataSync());
      const targets = inputs.targets!.dataSync();
      const weights = inputs.weights?.dataSync();
      const branch = perBranch.length ? inputs.branch?.dataSync() : undefined;
      // each position's -log p(target), only when branches are reported
      const nll = branch
        ? tf.tidy(() => {
            const logp = tf.logSoftmax(inputs.logits!);
            const V = logp.shape[logp.rank - 1]!;
            return tf.neg(tf.sum(tf.mul(logp, tf.oneHot(tf.cast(inputs.targets!, 'int32'), V)), -1)).dataSync();
          })
        : undefined;
      const perExample = branch ? targets.length / branch.length : 0;
      for (let i = 0; i < targets.length; i++) {
        const w = weights ? weights[i]! : 1;
        if (!(w > 0)) continue;
        const t = targets[i]!;
        total += w;
        const hit = predicted[i] === t;
        if (hit) correct += w;
        perTarget.set(t, (perTarget.get(t) ?? 0) + w);
        const b = branch ? perBranch[branch[Math.floor(i / perExample)]!] : undefined;
        if (b) {
          b.weight += w;
          b.loss += w * nll![i]!;
          if (hit) b.correct += w;
        }
      }
    },
    result() {
      const most = Math.max(0, ...perTarget.values());
      const out: Record<string, number> = { accuracy: total > 0 ? correct / total : 0, baselineAccuracy: total > 0 ? most / total : 0 };
      perBranch.forEach((b, i) => {
        if (b.weight === 0) return;
        out[`${branchNames[i]}.loss`] = b.loss / b.weight;
        out[`${branchNames[i]}.accuracy`] = b.correct / b.weight;
      });
      return out;
    },
  };
}
