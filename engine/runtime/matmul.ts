import * as tf from '@tensorflow/tfjs';
import { customGrad } from './custom-grad.js';

/*
 * Matrix products that stay on the fast path of every backend. On wasm only a 2-D,
 * non-transposed matMul reaches XNNPACK; a transpose flag or a batch dimension falls to a scalar
 * loop 15-30x slower. So every product here is a plain 2-D tf.matMul, and gradients use explicit
 * transposes instead of flags (tfjs's own matMul gradient uses the flags).
 */

/** Rows per tile for transpose2d (measured on wasm: 32, or 16 for rows of 512+ floats). */
function tileRows(rows: number, cols: number): number {
  for (const t of cols >= 512 ? [16, 8] : [32, 16, 8]) if (rows % t === 0 && rows > t) return t;
  return 0;
}

/**
 * x^T for a matrix. The wasm transpose kernel writes with a stride of `rows` floats; at 1024 rows
 * that stride is 4 KiB and every store lands in the same cache set (4-8x slower than needed).
 * Two passes over tiles of `t` rows keep both strides short: [R/t, t, C] -> [R/t, C, t] ->
 * [C, R/t, t]. Exact (a pure copy); differentiable through tfjs's transpose gradient.
 */
export function transpose2d(x: tf.Tensor2D): tf.Tensor2D {
  const [rows, cols] = x.shape;
  const t = tileRows(rows, cols);
  if (t === 0 || rows * cols < 16384) return tf.transpose(x);
  return tf.tidy(() => {
    const tiles = tf.transpose(tf.reshape(x, [rows / t, t, cols]), [0, 2, 1]);
    return tf.reshape(tf.transpose(tiles, [1, 0, 2]), [cols, rows]);
  });
}

/** a [m,k] x b [k,n] with a gradient made of non-transposed products: da = dy b^T, db = a^T dy. */
export function matmul2d(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const f = customGrad(([a2, b2], save) => {
    save([a2!, b2!]);
    return {
      value: tf.matMul(a2 as tf.Tensor2D, b2 as tf.Tensor2D),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sa, sb] = saved as [tf.Tensor2D, tf.Tensor2D];
        return [tf.matMul(dy as tf.Tensor2D, transpose2d(sb)), tf.matMul(transpose2d(sa), dy as tf.Tensor2D)];
      },
    };
  });
  return f(a, b) as tf.Tensor2D;
}

/**
 * Column sums of a matrix (the gradient of a bias). Reducing over rows makes tfjs transpose with
 * its slow kernel first; transpose2d then a last-axis sum is several times faster on wasm.
 */
export function sumRows(x: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(transpose2d(x), 1));
}

/**
 * Weight (and bias) gradients of y = x w + b, for x [m, in], dy [m, out]. The product's right
 * operand is repacked by XNNPACK on every call (~2.3 ns per element), more than a tiled
 * transpose costs (~1 ns), so the m-row operand to repack is the narrower one:
 * - out <= in: dW = x^T dy, with a row of ones under x^T giving db as an extra output row;
 * - out > in: dW = (dy^T x)^T, with db = row sums of the dy^T already made.
 */
function weightGrads(x: tf.Tensor2D, dy: tf.Tensor2D, withBias: boolean): tf.Tensor[] {
  const [rows, inDim] = x.shape;
  const outDim = dy.shape[1];
  if (outDim > inDim) {
    const dyT = transpose2d(dy);
    const dw = transpose2d(tf.matMul(dyT, x));
    return withBias ? [dw, tf.sum(dyT, 1)] : [dw];
  }
  if (!withBias) return [tf.matMul(transpose2d(x), dy)];
  const dwb = tf.matMul(tf.concat([transpose2d(x), tf.ones([1, rows])], 0), dy);
  return [tf.slice(dwb, [0, 0], [inDim, outDim]), tf.reshape(tf.slice(dwb, [inDim, 0], [1, outDim]), [outDim])];
}

/**
 * x [..., in] . w [in, out] (+ bias [out]) -> [..., out], computed as one 2-D product over all
 * leading positions, the bias fused into it (XNNPACK adds it in the same pass).
 */
export function linear(x: tf.Tensor, w: tf.Tensor2D, bias?: tf.Tensor1D): tf.Tensor {
  const [inDim, outDim] = w.shape;
  const lead = x.shape.slice(0, -1);
  const f = customGrad(([xs, ws, bs], save) => {
    save([xs!, ws!]);
    const value = bs ? tf.fused.matMul({ a: xs as tf.Tensor2D, b: ws as tf.Tensor2D, bias: bs }) : tf.matMul(xs as tf.Tensor2D, ws as tf.Tensor2D);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sw] = saved as [tf.Tensor2D, tf.Tensor2D];
        return [tf.matMul(dy as tf.Tensor2D, transpose2d(sw)), ...weightGrads(sx, dy as tf.Tensor2D, bs !== undefined)];
      },
    };
  });
  const x2 = tf.reshape(x, [-1, inDim]);
  const y = bias ? f(x2, w, bias) : f(x2, w);
  return tf.reshape(y, [...lead, outDim]);
}
