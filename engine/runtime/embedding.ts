import * as tf from '@tensorflow/tfjs';
import { customGrad } from './custom-grad.js';
import { transpose2d } from './matmul.js';

/**
 * One-hot rows for integer ids, as float32 [n, depth]. Built as int32 and cast: on wasm a
 * float32 tf.oneHot writes integer bits into the float buffer (silently wrong values).
 */
export function oneHotFloat(ids: tf.Tensor1D, depth: number): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.oneHot(ids, depth), 'float32') as tf.Tensor2D);
}

/**
 * table[ids]: ids int32 [..] -> [.., D]. Computed as one-hot(ids) . table, a 2-D product; on wasm
 * that is 7x faster than tf.gather, and it needs no gather gradient (which uses
 * UnsortedSegmentSum, missing on wasm, so training would throw). dtable = one-hot^T . dy.
 */
export function embeddingLookup(ids: tf.Tensor, table: tf.Tensor2D): tf.Tensor {
  const [vocab, d] = table.shape;
  const flat = tf.reshape(ids, [-1]) as tf.Tensor1D;
  const f = customGrad(([t], save) => {
    const hot = oneHotFloat(flat, vocab);
    save([hot]);
    return {
      value: tf.matMul(hot, t as tf.Tensor2D),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.matMul(transpose2d(saved[0] as tf.Tensor2D), dy as tf.Tensor2D),
    };
  });
  return tf.reshape(f(table), [...ids.shape, d]);
}
