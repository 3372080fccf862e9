import * as tf from '@tensorflow/tfjs';
import { customGrad } from './custom-grad.js';
import { makeRng } from '../core/rng.js';

const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_A = 0.044715;

/**
 * GELU, tanh approximation: 0.5 x (1 + tanh(c (x + a x^3))). Computed through the identity
 * 0.5 (1 + tanh(u)) = sigmoid(2u), because tanh is a scalar libm loop on wasm (~20x slower
 * than its vectorised sigmoid) and Pow is slow there too (x^3 is written x * x * x).
 * Same function, same values; the gradient is written out:
 *   d/dx = s + x s (1 - s) 2c (1 + 3a x^2),  s = sigmoid(2c (x + a x^3)).
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  const f = customGrad(([xs], save) => {
    const x2 = tf.mul(xs!, xs!);
    const s = tf.sigmoid(tf.mul(xs!, tf.add(tf.mul(x2, 2 * GELU_C * GELU_A), 2 * GELU_C)));
    save([xs!, s]);
    return {
      value: tf.mul(xs!, s),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, ss] = saved as [tf.Tensor, tf.Tensor];
        const du = tf.add(tf.mul(tf.mul(sx, sx), 6 * GELU_C * GELU_A), 2 * GELU_C);
        const ds = tf.mul(tf.mul(ss, tf.sub(1, ss)), tf.mul(sx, du));
        return tf.mul(dy, tf.add(ss, ds));
      },
    };
  });
  return f(x);
}

/**
 * Inverted dropout when training with a rate above 0, identity otherwise. The mask is drawn from
 * the engine's own stream for `seed` (mulberry32, as batches are), one draw per element in x's
 * row-major order, kept when the draw is at least `rate`: an exported PyTorch program draws the
 * very same mask (tf.dropout's generator, seedrandom's alea, has no vectorised twin there).
 */
export function dropout(x: tf.Tensor, rate: number, training: boolean, seed: number): tf.Tensor {
  if (!training || rate <= 0) return x;
  const rng = makeRng('dropout', seed);
  const scale = 1 / (1 - rate);
  const mask = new Float32Array(x.size);
  for (let i = 0; i < mask.length; i++) mask[i] = rng.next() >= rate ? scale : 0;
  return tf.tidy(() => tf.mul(x, tf.tensor(mask, x.shape, 'float32')));
}
