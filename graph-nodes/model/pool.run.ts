import * as tf from '@tensorflow/tfjs';
import type { TensorApply } from '../../engine/runtime/step.js';

/** hidden [B, T, D] -> [B, D]: the mean over positions, or the first position's vector. */
export function poolSequence(p: { kind: 'mean' | 'first' }): TensorApply {
  return ({ hidden }) => {
    const h = hidden as tf.Tensor3D;
    const [B, , D] = h.shape;
    return { vectors: p.kind === 'mean' ? tf.mean(h, 1) : tf.reshape(tf.slice(h, [0, 0, 0], [B, 1, D]), [B, D]) };
  };
}
