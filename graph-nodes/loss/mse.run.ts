import * as tf from '@tensorflow/tfjs';
import type { TensorApply } from '../../engine/runtime/step.js';

/** The mean of (prediction - target)^2 over every number. */
export function meanSquaredError(): TensorApply {
  return ({ prediction, target }) => ({ loss: tf.mean(tf.square(tf.sub(prediction!, target!))) });
}
