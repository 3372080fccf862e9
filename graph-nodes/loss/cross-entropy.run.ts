import * as tf from '@tensorflow/tfjs';
import { specialIdList, type SpecialIds } from '../../engine/core/vocabulary.js';
import { softmaxCrossEntropy } from '../../engine/runtime/cross-entropy.js';
import type { MetricAccumulator, TensorApply } from '../../engine/runtime/step.js';

/** Mean (weighted) softmax cross-entropy of the logits against the targets. */
export function crossEntropy(p: { labelSmoothing: number }): TensorApply {
  return ({ logits, targets, weights }) => ({ loss: softmaxCrossEntropy(logits!, targets!, weights, p.labelSmoothing) });
}

/** Accuracy and the most-frequent-target baseline over the positions counted into it. */
function accuracyTally() {
  let correct = 0;
  let total = 0;
  const perTarget = new Map<number, number>();
  return {
    add(target: number, hit: boolean, w: number) {
      total += w;
      if (hit) correct += w;
      perTarget.set(target, (perTarget.get(target) ?? 0) + w);
    },
    get total() {
      return total;
    },
    accuracy: () => (total > 0 ? correct / total : 0),
    baseline: () => (total > 0 ? Math.max(0, ...perTarget.values()) / total : 0),
  };
}

/** What the model's input showed at a scored position, when its inputs align with the targets. */
const INPUT_KINDS = ['masked', 'random', 'kept'] as const;

/**
 * Held-out accuracy over positions with weight > 0, and the accuracy of always guessing the most
 * frequent target (what a model that ignored its input could reach). Counted on the host. Given
 * branch names and a \`branch\` input, also each branch's loss and accuracy. Given the special
 * tokens, and when some scored targets are special (T5's sentinels, which are easy to guess),
 * also \`textAccuracy\` and \`textBaselineAccuracy\` over the text targets alone. Given an
 * \`inputs\` input (the ids the model read at the targets' own positions, as a masked LM does),
 * the headline counts only positions whose input hides the target ([MASK] or another token), and
 * \`masked\` / \`random\` / \`kept\` accuracies split them by what the input showed.
 */
export function accuracyAccumulator(branchNames: readonly string[] = [], specials: SpecialIds = { sentinels: [] }): MetricAccumulator {
  const all = accuracyTally();
  const text = accuracyTally();
  const byInput = new Map(INPUT_KINDS.map((k) => [k, accuracyTally()]));
  const special = new Set(specialIdList(specials));
  const perBranch = branchNames.map(() => ({ weight: 0, loss: 0, correct: 0 }));
  return {
    select(inputs) {
      const picked: Record<string, tf.Tensor> = { predicted: tf.argMax(inputs.logits!, -1), targets: inputs.targets! };
      if (inputs.weights) picked.weights = inputs.weights;
      if (inputs.inputs) picked.seen = inputs.inputs;
      if (perBranch.length && inputs.branch) {
        picked.branch = inputs.branch;
        // each position's -log p(target), only when branches are reported
        const logp = tf.logSoftmax(inputs.logits!);
        const V = logp.shape[logp.rank - 1]!;
        picked.nll = tf.neg(tf.sum(tf.mul(logp, tf.oneHot(tf.cast(inputs.targets!, 'int32'), V)), -1));
      }
      return picked;
    },
    add({ predicted, targets, weights, seen, branch, nll }) {
      const perExample = branch ? targets!.length / branch.length : 0;
      for (let i = 0; i < targets!.length; i++) {
        const w = weights ? weights[i]! : 1;
        if (!(w > 0)) continue;
        const t = targets![i]!;
        const hit = predicted![i] === t;
        if (seen) {
          const kind = seen[i] === t ? 'kept' : seen[i] === specials.mask ? 'masked' : 'random';
          byInput.get(kind)!.add(t, hit, w);
          // the input shows the answer: no measure of what the model learnt
          if (kind === 'kept') continue;
        }
        all.add(t, hit, w);
        if (!special.has(t)) text.add(t, hit, w);
        const b = branch ? perBranch[branch[Math.floor(i / perExample)]!] : undefined;
        if (b) {
          b.weight += w;
          b.loss += w * nll![i]!;
          if (hit) b.correct += w;
        }
      }
    },
    result() {
      const out: Record<string, number> = { accuracy: all.accuracy(), baselineAccuracy: all.baseline() };
      if (text.total < all.total) {
        out.textAccuracy = text.accuracy();
        out.textBaselineAccuracy = text.baseline();
      }
      for (const [kind, tally] of byInput) if (tally.total > 0) out[`${kind}.accuracy`] = tally.accuracy();
      perBranch.forEach((b, i) => {
        if (b.weight === 0) return;
        out[`${branchNames[i]}.loss`] = b.loss / b.weight;
        out[`${branchNames[i]}.accuracy`] = b.correct / b.weight;
      });
      return out;
    },
  };
}
