import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { embeddingLookup, oneHotFloat } from './embedding.js';
import { layerNorm } from './norm.js';
import { gelu, dropout } from './activations.js';
import { addSinusoidalPositions, sinusoidalTable } from './positional.js';
import { maxRelDiff, valueAndGrads } from '../../test/support/tensor-node-harness.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});
afterAll(async () => {
  await tf.setBackend('wasm');
});

describe('embedding, norm and activation kernels (wasm)', () => {
  it('oneHotFloat gives real 0/1 floats (a float32 tf.oneHot is wrong on wasm)', () => {
    expect(Array.from(oneHotFloat(tf.tensor1d([2, 0], 'int32'), 3).dataSync())).toEqual([0, 0, 1, 1, 0, 0]);
  });

  it('embeddingLookup matches tf.gather; its gradient matches gather on the cpu backend', async () => {
    const V = 11, D = 8;
    const ids = tf.tensor2d([[1, 5, 5, 0], [10, 3, 1, 1]], [2, 4], 'int32');
    const tableData = tf.randomNormal([V, D], 0, 1, 'float32', 3).dataSync();
    const probeData = tf.randomNormal([2, 4, D], 0, 1, 'float32', 4).dataSync();
    const table = tf.tensor2d(tableData, [V, D]);
    const ours = valueAndGrads((t) => embeddingLookup(ids, t as tf.Tensor2D), [table], tf.tensor3d(probeData, [2, 4, D]));
    expect(maxRelDiff(ours.value, tf.gather(table, ids))).toBe(0);
    const grad = ours.grads[0]!.dataSync().slice();
    await tf.setBackend('cpu');
    const refTable = tf.tensor2d(tableData, [V, D]);
    const refIds = tf.tensor2d([[1, 5, 5, 0], [10, 3, 1, 1]], [2, 4], 'int32');
    const ref = valueAndGrads((t) => tf.gather(t, refIds), [refTable], tf.tensor3d(probeData, [2, 4, D]));
    const refGrad = ref.grads[0]!.dataSync().slice();
    await tf.setBackend('wasm');
    expect(maxRelDiff(tf.tensor(grad), tf.tensor(refGrad))).toBeLessThan(1e-5);
  });

  it('layerNorm matches the textbook formula, values and gradients', () => {
    const x = tf.add(tf.randomNormal([3, 5, 32], 0, 2, 'float32', 5), 0.7);
    const g = tf.randomNormal([32], 1, 0.3, 'float32', 6);
    const b = tf.randomNormal([32], 0, 0.3, 'float32', 7);
    const ref = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) => {
      const { mean, variance } = tf.moments(xx, -1, true);
      return tf.add(tf.mul(tf.div(tf.sub(xx, mean), tf.sqrt(tf.add(variance, 1e-5))), gg), bb);
    };
    const ours = valueAndGrads((xx, gg, bb) => layerNorm(xx!, gg as tf.Tensor1D, bb as tf.Tensor1D), [x, g, b]);
    const theirs = valueAndGrads(ref, [x, g, b]);
    expect(maxRelDiff(ours.value, theirs.value)).toBeLessThan(1e-4);
    ours.grads.forEach((gr, i) => expect(maxRelDiff(gr, theirs.grads[i]!), `grad ${i}`).toBeLessThan(1e-4));
  });

  it('layerNorm reports an overflowing row as NaN instead of normalising it to 0', () => {
    const x = tf.tensor2d([[1e30, -1e30, 3e30, 0], [1, 2, 3, 4]]);
    const y = layerNorm(x, tf.ones([4]) as tf.Tensor1D, tf.zeros([4]) as tf.Tensor1D).dataSync();
    expect(Number.isNaN(y[0])).toBe(true);
    expect(Number.isFinite(y[4])).toBe(true);
  });

  it('gelu is the tanh approximation, values and gradient', () => {
    const x = tf.linspace(-6, 6, 241);
    const ref = (z: tf.Tensor) => {
      const u = tf.mul(Math.sqrt(2 / Math.PI), tf.add(z, tf.mul(0.044715, tf.mul(tf.mul(z, z), z))));
      return tf.mul(tf.mul(0.5, z), tf.add(1, tf.tanh(u)));
    };
    const ours = valueAndGrads((z) => gelu(z!), [x]);
    const theirs = valueAndGrads(ref, [x]);
    expect(maxRelDiff(ours.value, theirs.value)).toBeLessThan(1e-5);
    expect(maxRelDiff(ours.grads[0]!, theirs.grads[0]!)).toBeLessThan(1e-4);
  });

  it('dropout only acts while training, and repeats with its seed', () => {
    const x = tf.ones([1000]);
    expect(dropout(x, 0.5, false, 1)).toBe(x);
    const a = dropout(x, 0.5, true, 1).dataSync();
    const zeros = a.filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(400);
    expect(zeros).toBeLessThan(600);
    expect(Array.from(dropout(x, 0.5, true, 1).dataSync())).toEqual(Array.from(a));
  });

  it('sinusoidal positions: sin/cos pairs, and shorter sequences use the first rows', () => {
    const table = sinusoidalTable(16, 8);
    expect(table[0]).toBe(0);
    expect(table[1]).toBe(1);
    expect(table[3 * 8 + 0]).toBeCloseTo(Math.sin(3), 6);
    const out = addSinusoidalPositions(tf.zeros([2, 5, 8]), table);
    expect(Array.from(out.slice([1, 0, 0], [1, 5, 8]).dataSync())).toEqual(Array.from(table.subarray(0, 40)));
  });
});
