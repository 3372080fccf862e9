import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { softmaxCrossEntropy } from './cross-entropy.js';
import { maxRelDiff } from '../../test/support/tensor-node-harness.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const lse = (row: number[]) => Math.log(row.reduce((s, v) => s + Math.exp(v), 0));

describe('softmaxCrossEntropy (wasm)', () => {
  const rows = [
    [2, 0, -1],
    [0.5, 0.5, 0.5],
    [-3, 4, 1],
  ];
  let logits: tf.Tensor3D;
  let targets: tf.Tensor2D;
  beforeAll(() => {
    logits = tf.tensor3d([rows], [1, 3, 3]);
    targets = tf.tensor2d([[0, 2, 1]], [1, 3], 'int32');
  });

  it('is the mean of -log softmax at the target, by hand', () => {
    const expected = rows.reduce((s, r, i) => s + lse(r) - r[[0, 2, 1][i]!]!, 0) / 3;
    expect(softmaxCrossEntropy(logits, targets).dataSync()[0]).toBeCloseTo(expected, 5);
  });

  it('weights: sum(w ce) / sum(w); weight-0 positions add no loss and no gradient', () => {
    const w = tf.tensor2d([[2, 0, 1]]);
    const ce = rows.map((r, i) => lse(r) - r[[0, 2, 1][i]!]!);
    expect(softmaxCrossEntropy(logits, targets, w).dataSync()[0]).toBeCloseTo((2 * ce[0]! + ce[2]!) / 3, 5);
    const g = tf.grad((l: tf.Tensor) => softmaxCrossEntropy(l, targets, w))(logits).dataSync();
    expect(Array.from(g.slice(3, 6), Math.abs)).toEqual([0, 0, 0]);
    // all weights 0: the loss is 0, not NaN
    expect(softmaxCrossEntropy(logits, targets, tf.zeros([1, 3])).dataSync()[0]).toBe(0);
  });

  it('label smoothing trains towards (1-s) one-hot + s/V', () => {
    const s = 0.1;
    const expected = rows.reduce((acc, r, i) => {
      const logp = r.map((v) => v - lse(r));
      return acc - logp.reduce((a, lp, j) => a + ((j === [0, 2, 1][i] ? 1 - s : 0) + s / 3) * lp, 0);
    }, 0) / 3;
    expect(softmaxCrossEntropy(logits, targets, undefined, s).dataSync()[0]).toBeCloseTo(expected, 5);
  });

  it('gradients match tfjs autodiff of the plain formula', () => {
    const big = tf.randomNormal([4, 8, 13], 0, 3, 'float32', 1);
    const tg = tf.tensor2d(Int32Array.from({ length: 32 }, (_, i) => (i * 7) % 13), [4, 8], 'int32');
    const w = tf.tensor2d(Float32Array.from({ length: 32 }, (_, i) => (i % 3) / 2), [4, 8]);
    for (const s of [0, 0.2]) {
      const ref = (l: tf.Tensor) => {
        const target = tf.add(tf.mul(tf.cast(tf.oneHot(tf.reshape(tg, [-1]), 13), 'float32'), 1 - s), s / 13);
        const ce = tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(tf.reshape(l, [-1, 13]))), 1));
        return tf.div(tf.sum(tf.mul(ce, tf.reshape(w, [-1]))), tf.sum(w));
      };
      expect(softmaxCrossEntropy(big, tg, w, s).dataSync()[0]).toBeCloseTo(ref(big).dataSync()[0]!, 5);
      const ours = tf.grad((l: tf.Tensor) => softmaxCrossEntropy(l, tg, w, s))(big);
      expect(maxRelDiff(ours, tf.grad(ref)(big))).toBeLessThan(1e-5);
    }
  });
});
