import * as tf from '@tensorflow/tfjs';
import { matmul2d, transpose2d } from '../../engine/runtime/matmul.js';
import type { MakeVariable } from '../../engine/runtime/variables.js';
import type { MetricAccumulator, TensorApply } from '../../engine/runtime/step.js';

/** [B, B]: 1 where items i and j are positives of each other (the diagonal, or the same label), else 0. */
function positives(B: number, labels?: tf.Tensor): tf.Tensor2D {
  if (!labels) return tf.eye(B) as tf.Tensor2D;
  const l = tf.cast(labels, 'int32');
  return tf.cast(tf.equal(tf.reshape(l, [B, 1]), tf.reshape(l, [1, B])), 'float32') as tf.Tensor2D;
}

/**
 * Mean over rows of -log(the probability a row's softmax gives its positives together): with one
 * positive a row (the diagonal) this is the cross-entropy of CLIP's InfoNCE; with several (items
 * of the same label) a duplicate is not pushed away as a negative.
 */
function multiPositiveCrossEntropy(logits: tf.Tensor2D, pos: tf.Tensor2D): tf.Scalar {
  const onlyPositives = tf.add(logits, tf.mul(tf.sub(1, pos), -1e9));
  return tf.mean(tf.sub(tf.logSumExp(logits, 1), tf.logSumExp(onlyPositives, 1))) as tf.Scalar;
}

/**
 * Symmetric InfoNCE (CLIP): similarities s * a.b^T of every a with every b in the batch, where
 * row i's right answer is column i — or, given `labels`, every column with row i's label;
 * cross-entropy over the rows (a -> b) and over the columns (b -> a), averaged. The scale
 * s = exp(logScale) is learnt when `learnTemperature` (the optimizer keeps logScale at most
 * ln(maxScale), as CLIP clamps it), else fixed at 1 / `temperature`.
 */
export function infoNce(p: { temperature: number; learnTemperature: boolean; maxScale: number }, variable: MakeVariable): TensorApply {
  const logScale = p.learnTemperature ? variable('logScale', [], { kind: 'constant', value: Math.log(1 / p.temperature) }, { max: Math.log(p.maxScale) }) : undefined;
  return ({ a, b, labels }) => {
    const B = a!.shape[0]!;
    const scale = logScale ? tf.exp(logScale) : tf.scalar(1 / p.temperature);
    const logits = tf.mul(matmul2d(a as tf.Tensor2D, transpose2d(b as tf.Tensor2D)), scale) as tf.Tensor2D;
    const pos = positives(B, labels);
    const aToB = multiPositiveCrossEntropy(logits, pos);
    const bToA = multiPositiveCrossEntropy(transpose2d(logits), pos);
    // `scale` rides along (not a port) so the held-out metrics can report it
    return { loss: tf.mul(tf.add(aToB, bToA), 0.5), scale };
  };
}

/**
 * Held-out: how often each a's most similar b in the batch is a positive of it (its own, or one
 * with its label when labels are given), and the other way; and the scale.
 */
export function pairAccuracy(): MetricAccumulator {
  let hits = 0;
  let total = 0;
  let scale = Number.NaN;
  return {
    select(inputs, outputs) {
      const sims = matmul2d(inputs.a as tf.Tensor2D, transpose2d(inputs.b as tf.Tensor2D));
      const B = sims.shape[0];
      const pos = positives(B, inputs.labels);
      const hits = (best: tf.Tensor, onRows: boolean) => {
        const picked = tf.oneHot(tf.cast(best, 'int32'), B, 1, 0, 'int32');
        return tf.sum(tf.mul(tf.cast(picked, 'float32'), onRows ? pos : transpose2d(pos)));
      };
      const both = tf.add(hits(tf.argMax(sims, 1), true), hits(tf.argMax(sims, 0), false));
      // both directions: each a's best b, and each b's best a
      const tries = tf.scalar(2 * B);
      const picked: Record<string, tf.Tensor> = { hits: both, tries };
      if (outputs.scale) picked.scale = outputs.scale;
      return picked;
    },
    add(values) {
      if (values.scale) scale = values.scale[0]!;
      hits += values.hits![0]!;
      total += values.tries![0]!;
    },
    result: () => ({ pairAccuracy: total > 0 ? hits / total : 0, scale }),
  };
}
