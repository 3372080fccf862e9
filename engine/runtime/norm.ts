import * as tf from '@tensorflow/tfjs';
import { customGrad } from './custom-grad.js';
import { sumRows } from './matmul.js';

/**
 * Layer normalisation over the last axis: (x - mean) / sqrt(var + eps) * gamma + beta.
 * The backward pass is written out (about 10 ops instead of the ~25 autodiff records):
 *   dx = rstd * (g - mean(g) - xhat * mean(g * xhat)),  g = dy * gamma.
 * A row whose variance overflows float32 gives NaN rather than a silent 0, so a run that blows
 * up is reported at the layer where it happens.
 */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps = 1e-5): tf.Tensor {
  const shape = x.shape;
  const d = shape[shape.length - 1]!;
  const f = customGrad(([xs, g, b], save) => {
    const x2 = tf.reshape(xs!, [-1, d]);
    const centred = tf.sub(x2, tf.mean(x2, 1, true));
    const variance = tf.mean(tf.square(centred), 1, true);
    // + 0 * variance: NaN when the variance overflowed (rsqrt alone would give 0)
    const rstd = tf.add(tf.rsqrt(tf.add(variance, eps)), tf.mul(variance, 0));
    const xhat = tf.mul(centred, rstd);
    save([xhat, rstd, g!]);
    return {
      value: tf.reshape(tf.add(tf.mul(xhat, g!), b!), shape),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sxhat, srstd, sg] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
        const dy2 = tf.reshape(dy, [-1, d]) as tf.Tensor2D;
        const gx = tf.mul(dy2, sg);
        const dgamma = sumRows(tf.mul(dy2, sxhat));
        const dbeta = sumRows(dy2);
        const inner = tf.sub(tf.sub(gx, tf.mean(gx, 1, true)), tf.mul(sxhat, tf.mean(tf.mul(gx, sxhat), 1, true)));
        return [tf.reshape(tf.mul(inner, srstd), shape), dgamma, dbeta];
      },
    };
  });
  return f(x, gamma, beta);
}
