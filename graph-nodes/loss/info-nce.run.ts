import * as tf from '@tensorflow/tfjs';
import { softmaxCrossEntropy } from '../../engine/runtime/cross-entropy.js';
import { matmul2d, transpose2d } from '../../engine/runtime/matmul.js';
import type { MakeVariable } from '../../engine/runtime/variables.js';
import type { MetricAccumulator, TensorApply } from '../../engine/runtime/step.js';

/**
 * Symmetric InfoNCE (CLIP): similarities s * a.b^T of every a with every b in the batch, where
 * row i's right answer is column i; cross-entropy over the rows (a -> b) and over the columns
 * (b -> a), averaged. The scale s = exp(logScale) is learnt (capped at `maxScale`) when
 * `learnTemperature`, else fixed at 1 / `temperature`.
 */
export function infoNce(p: { temperature: number; learnTemperature: boolean; maxScale: number }, variable: MakeVariable): TensorApply {
  const logScale = p.learnTemperature ? variable('logScale', [], { kind: 'constant', value: Math.log(1 / p.temperature) }) : undefined;
  return ({ a, b }) => {
    const B = a!.shape[0]!;
    const scale = logScale ? tf.minimum(tf.exp(logScale), p.maxScale) : tf.scalar(1 / p.temperature);
    const logits = tf.mul(matmul2d(a as tf.Tensor2D, transpose2d(b as tf.Tensor2D)), scale) as tf.Tensor2D;
    const targets = tf.range(0, B, 1, 'int32');
    const aToB = softmaxCrossEntropy(logits, targets);
    const bToA = softmaxCrossEntropy(transpose2d(logits), targets);
    // `scale` rides along (not a port) so the held-out metrics can report it
    return { loss: tf.mul(tf.add(aToB, bToA), 0.5), scale };
  };
}

/** Held-out: how often each a's most similar b in the batch is its own (and the other way), and the scale. */
export function pairAccuracy(): MetricAccumulator {
  let hits = 0;
  let total = 0;
  let scale = Number.NaN;
  return {
    update(inputs, outputs) {
      if (outputs.scale) scale = outputs.scale.dataSync()[0]!;
      const both = tf.tidy(() => {
        const sims = matmul2d(inputs.a as tf.Tensor2D, transpose2d(inputs.b as tf.Tensor2D));
        const diag = tf.range(0, sims.shape[0], 1, 'int32');
        return [tf.sum(tf.cast(tf.equal(tf.argMax(sims, 1), diag), 'float32')).dataSync()[0]!, tf.sum(tf.cast(tf.equal(tf.argMax(sims, 0), diag), 'float32')).dataSync()[0]!];
      });
      hits += both[0]! + both[1]!;
      total += 2 * inputs.a!.shape[0]!;
    },
    result: () => ({ pairAccuracy: total > 0 ? hits / total : 0, scale }),
  };
}
