import * as tf from '@tensorflow/tfjs';
import type { AdamW } from './adamw.js';

/**
 * One optimisation step: the loss and its gradients, then an AdamW update at `lr`. A loss that is
 * not finite is returned without touching the weights, so the caller can find where it started.
 */
export async function optimizerStep(loss: () => tf.Scalar, variables: tf.Variable[], optimizer: AdamW, lr: number): Promise<{ loss: number; gradNorm: number }> {
  const { value, grads } = tf.variableGrads(loss, variables);
  const lossValue = (await value.data())[0]!;
  value.dispose();
  if (!Number.isFinite(lossValue)) {
    tf.dispose(grads);
    return { loss: lossValue, gradNorm: Number.NaN };
  }
  const norm = optimizer.apply(grads, lr);
  tf.dispose(grads);
  const gradNorm = (await norm.data())[0]!;
  norm.dispose();
  return { loss: lossValue, gradNorm };
}
