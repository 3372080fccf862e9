import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { linear, matmul2d, sumRows, transpose2d } from './matmul.js';
import { maxRelDiff, valueAndGrads } from '../../test/support/tensor-node-harness.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('matmul kernels (wasm)', () => {
  it('transpose2d is an exact transpose, tiled or not', () => {
    for (const [r, c] of [[1024, 128], [1024, 65], [96, 200], [65, 128], [7, 3]]) {
      const x = tf.randomNormal([r!, c!], 0, 1, 'float32', r! + c!) as tf.Tensor2D;
      expect(maxRelDiff(transpose2d(x), tf.transpose(x))).toBe(0);
    }
  });

  it('matmul2d matches tf.matMul in value and gradients', () => {
    const a = tf.randomNormal([64, 48], 0, 1, 'float32', 1);
    const b = tf.randomNormal([48, 80], 0, 1, 'float32', 2);
    const ours = valueAndGrads((x, y) => matmul2d(x as tf.Tensor2D, y as tf.Tensor2D), [a, b]);
    const ref = valueAndGrads((x, y) => tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D), [a, b]);
    expect(maxRelDiff(ours.value, ref.value)).toBeLessThan(1e-4);
    ours.grads.forEach((g, i) => expect(maxRelDiff(g, ref.grads[i]!)).toBeLessThan(1e-4));
  });

  // both ways of computing the weight gradient: narrower than wide (out > in) and not
  for (const [inDim, outDim] of [[24, 40], [40, 24]] as const) {
    it(`linear ${inDim}->${outDim}, with and without bias, matches x.w + b on 3-D input`, () => {
      const x = tf.randomNormal([4, 32, inDim], 0, 1, 'float32', 3);
      const w = tf.randomNormal([inDim, outDim], 0, 1, 'float32', 4);
      const b = tf.randomNormal([outDim], 0, 1, 'float32', 5);
      const plain = (xx: tf.Tensor, ww: tf.Tensor) => tf.reshape(tf.matMul(tf.reshape(xx, [-1, inDim]), ww as tf.Tensor2D), [4, 32, outDim]);
      const ours = valueAndGrads((xx, ww, bb) => linear(xx!, ww as tf.Tensor2D, bb as tf.Tensor1D), [x, w, b]);
      const ref = valueAndGrads((xx, ww, bb) => tf.add(plain(xx!, ww!), bb!), [x, w, b]);
      expect(ours.value.shape).toEqual([4, 32, outDim]);
      expect(maxRelDiff(ours.value, ref.value)).toBeLessThan(1e-4);
      ours.grads.forEach((g, i) => expect(maxRelDiff(g, ref.grads[i]!), `grad ${i}`).toBeLessThan(1e-4));
      const noBias = valueAndGrads((xx, ww) => linear(xx!, ww as tf.Tensor2D), [x, w]);
      const refNoBias = valueAndGrads(plain, [x, w]);
      expect(maxRelDiff(noBias.value, refNoBias.value)).toBeLessThan(1e-4);
      noBias.grads.forEach((g, i) => expect(maxRelDiff(g, refNoBias.grads[i]!), `grad ${i}`).toBeLessThan(1e-4));
    });
  }

  it('sumRows sums each column', () => {
    const x = tf.randomNormal([256, 33], 0, 1, 'float32', 6) as tf.Tensor2D;
    expect(maxRelDiff(sumRows(x), tf.sum(x, 0))).toBeLessThan(1e-5);
  });
});
