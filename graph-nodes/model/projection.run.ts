import * as tf from '@tensorflow/tfjs';
import { linear } from '../../engine/runtime/matmul.js';
import type { MakeVariable } from '../../engine/runtime/variables.js';
import type { TensorApply } from '../../engine/runtime/step.js';

/** vectors [B, D] -> [B, dim] through a learnt matrix, scaled to length 1 when `normalize`. */
export function projection(p: { dim: number; normalize: boolean }, width: number, variable: MakeVariable): TensorApply {
  const w = variable('weight', [width, p.dim], { kind: 'normal', std: Math.sqrt(1 / width) }) as tf.Tensor as tf.Tensor2D;
  return ({ vectors }) => {
    const out = linear(vectors!, w);
    return { vectors: p.normalize ? tf.div(out, tf.sqrt(tf.add(tf.sum(tf.square(out), -1, true), 1e-12))) : out };
  };
}
