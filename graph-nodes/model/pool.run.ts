import * as tf from '@tensorflow/tfjs';
import type { TensorApply } from '../../engine/runtime/step.js';

/**
 * hidden [B, T, D] -> [B, D]: the mean over positions, or the first position's vector. Given
 * `pad` and an `ids` input [B, T], the mean skips the positions holding [PAD].
 */
export function poolSequence(p: { kind: 'mean' | 'first' }, pad?: number): TensorApply {
  return ({ hidden, ids }) => {
    const h = hidden as tf.Tensor3D;
    const [B, T, D] = h.shape;
    if (p.kind === 'first') return { vectors: tf.reshape(tf.slice(h, [0, 0, 0], [B, 1, D]), [B, D]) };
    if (pad === undefined || !ids) return { vectors: tf.mean(h, 1) };
    const real = tf.reshape(tf.cast(tf.notEqual(ids, tf.scalar(pad, 'int32')), 'float32'), [B, T, 1]);
    // at least one real position per sequence; max() only keeps an all-[PAD] row finite
    return { vectors: tf.div(tf.sum(tf.mul(h, real), 1), tf.maximum(tf.sum(real, 1), 1)) };
  };
}
