import * as tf from '@tensorflow/tfjs';
import { gelu } from '../../engine/runtime/activations.js';
import { linear } from '../../engine/runtime/matmul.js';
import type { MakeVariable } from '../../engine/runtime/variables.js';
import type { TensorApply } from '../../engine/runtime/step.js';

/** Sines and cosines of t at `width` / 2 frequencies from 1 down to 1/10000 (the Transformer's positions). */
export function timestepFeatures(t: tf.Tensor, width: number): tf.Tensor2D {
  const half = width / 2;
  const freqs = tf.exp(tf.mul(tf.range(0, half, 1, 'float32'), -Math.log(10000) / half));
  const args = tf.mul(tf.reshape(tf.cast(t, 'float32'), [-1, 1]), tf.reshape(freqs, [1, half]));
  return tf.concat([tf.sin(args), tf.cos(args)], 1) as tf.Tensor2D;
}

/** timesteps [B] -> vectors [B, dModel]: sinusoidal features through a two-layer perceptron. */
export function timestepEmbedding(p: { dModel: number }, variable: MakeVariable): TensorApply {
  const D = p.dModel;
  const w1 = variable('w1', [D, D], { kind: 'normal', std: Math.sqrt(1 / D) }) as tf.Tensor as tf.Tensor2D;
  const b1 = variable('b1', [D], { kind: 'zeros' }) as tf.Tensor as tf.Tensor1D;
  const w2 = variable('w2', [D, D], { kind: 'normal', std: Math.sqrt(1 / D) }) as tf.Tensor as tf.Tensor2D;
  const b2 = variable('b2', [D], { kind: 'zeros' }) as tf.Tensor as tf.Tensor1D;
  return ({ timesteps }) => ({ vectors: linear(gelu(linear(timestepFeatures(timesteps!, D), w1, b1)), w2, b2) });
}
