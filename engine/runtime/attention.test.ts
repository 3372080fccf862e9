import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { attentionTimeMajor, causalMask, fromTimeMajor, multiHeadAttention, relativePositionBias, toTimeMajor, type AttentionWeights } from './attention.js';
import { maxRelDiff, valueAndGrads } from '../../test/support/tensor-node-harness.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const B = 3, T = 10, S = 7, D = 16, H = 4;
const NAMES = ['wq', 'wk', 'wv', 'wo', 'bq', 'bk', 'bv', 'bo'] as const;

function weights(seed: number): tf.Tensor[] {
  return NAMES.map((n, i) => tf.randomNormal(n.startsWith('w') ? [D, D] : [D], 0, 0.3, 'float32', seed + i));
}
const asWeights = (ws: tf.Tensor[]) => Object.fromEntries(NAMES.map((n, i) => [n, ws[i]])) as unknown as AttentionWeights;

/** The textbook version: per-head [B, H, T, dh] tensors, batched matMuls, tfjs autodiff. */
function naive(x: tf.Tensor, mem: tf.Tensor | null, ws: tf.Tensor[], causal: boolean, bias?: tf.Tensor): tf.Tensor {
  const w = asWeights(ws);
  const kv = mem ?? x;
  const proj = (z: tf.Tensor, m: tf.Tensor, b: tf.Tensor) => tf.add(tf.matMul(tf.reshape(z, [-1, D]), m as tf.Tensor2D), b);
  const heads = (z: tf.Tensor, n: number) => tf.transpose(tf.reshape(z, [B, n, H, D / H]), [0, 2, 1, 3]);
  const n = kv.shape[1]!;
  const q = heads(proj(x, w.wq, w.bq!), T), k = heads(proj(kv, w.wk, w.bk!), n), v = heads(proj(kv, w.wv, w.bv!), n);
  let scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(D / H));
  if (causal) scores = tf.add(scores, tf.mul(tf.sub(tf.linalg.bandPart(tf.ones([T, T]), -1, 0), 1), 1e9));
  if (bias) scores = tf.add(scores, bias); // [1, H, T, T], shared by the batch
  const o = tf.reshape(tf.transpose(tf.matMul(tf.softmax(scores), v), [0, 2, 1, 3]), [B * T, D]);
  return tf.reshape(tf.add(tf.matMul(o, w.wo), w.bo!), [B, T, D]);
}

describe('multi-head attention (wasm, depthwise-convolution core)', () => {
  for (const causal of [true, false]) {
    it(`${causal ? 'causal' : 'bidirectional'} self-attention matches the per-head reference, values and gradients`, () => {
      const x = tf.randomNormal([B, T, D], 0, 1, 'float32', 11);
      const ws = weights(20);
      const ours = valueAndGrads((xx, ...w) => multiHeadAttention(xx as tf.Tensor3D, asWeights(w), { heads: H, causal }), [x, ...ws]);
      const ref = valueAndGrads((xx, ...w) => naive(xx!, null, w, causal), [x, ...ws]);
      expect(maxRelDiff(ours.value, ref.value)).toBeLessThan(1e-4);
      ours.grads.forEach((g, i) => expect(maxRelDiff(g, ref.grads[i]!), `grad ${i}`).toBeLessThan(1e-4));
    });
  }

  it('cross-attention reads keys and values from the memory', () => {
    const x = tf.randomNormal([B, T, D], 0, 1, 'float32', 12);
    const mem = tf.randomNormal([B, S, D], 0, 1, 'float32', 13);
    const ws = weights(40);
    const ours = valueAndGrads((xx, mm, ...w) => multiHeadAttention(xx as tf.Tensor3D, asWeights(w), { heads: H, causal: false, memory: mm as tf.Tensor3D }), [x, mem, ...ws]);
    const ref = valueAndGrads((xx, mm, ...w) => naive(xx!, mm!, w, false), [x, mem, ...ws]);
    expect(maxRelDiff(ours.value, ref.value)).toBeLessThan(1e-4);
    ours.grads.forEach((g, i) => expect(maxRelDiff(g, ref.grads[i]!), `grad ${i}`).toBeLessThan(1e-4));
  });

  it('relative position bias: table[clip(j - i)] per head, and its gradient, match the per-head reference', () => {
    const K = 3;
    const table = tf.randomNormal([2 * K + 1, H], 0, 1, 'float32', 16) as tf.Tensor2D;
    const bias = relativePositionBias(table, T);
    expect(bias.shape).toEqual([T, H, T]);
    const b = bias.arraySync() as number[][][];
    const tab = table.arraySync() as number[][];
    expect(b[5]![2]![6]).toBeCloseTo(tab[1 + K]![2]!, 6); // key one to the right
    expect(b[5]![1]![0]).toBeCloseTo(tab[0]![1]!, 6); // five to the left clips to -K
    expect(b[0]![3]![9]).toBeCloseTo(tab[2 * K]![3]!, 6); // nine to the right clips to +K

    // a table reaching farther than the sequence: only its middle rows are read
    const wide = tf.randomNormal([2 * 20 + 1, H], 0, 1, 'float32', 18) as tf.Tensor2D;
    const short = relativePositionBias(wide, 4).arraySync() as number[][][];
    const wideRows = wide.arraySync() as number[][];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) for (let h = 0; h < H; h++) expect(short[i]![h]![j]).toBeCloseTo(wideRows[j - i + 20]![h]!, 6);

    for (const causal of [false, true]) {
      const x = tf.randomNormal([B, T, D], 0, 1, 'float32', 17);
      const ws = weights(70);
      const mask = causal ? causalMask(T) : null;
      const ours = valueAndGrads(
        (xx, tb, ...w) => fromTimeMajor(attentionTimeMajor(toTimeMajor(xx as tf.Tensor3D), asWeights(w), { t: T, s: T, batch: B, heads: H }, mask, undefined, relativePositionBias(tb as tf.Tensor2D, T)), B),
        [x, table, ...ws],
      );
      // the reference adds the same biases as a [1, H, T, T] tensor, built by plain indexing
      const ref = valueAndGrads((xx, tb, ...w) => {
        const idx = Array.from({ length: T * T }, (_, n) => Math.max(-K, Math.min(K, (n % T) - Math.floor(n / T))) + K);
        const full = tf.reshape(tf.transpose(tf.reshape(tf.concat(idx.map((r) => tf.slice(tb!, [r, 0], [1, H]))), [T, T, H]), [2, 0, 1]), [1, H, T, T]);
        return naive(xx!, null, w, causal, full);
      }, [x, table, ...ws]);
      expect(maxRelDiff(ours.value, ref.value)).toBeLessThan(1e-4);
      ours.grads.forEach((g, i) => expect(maxRelDiff(g, ref.grads[i]!), `${causal ? 'causal' : 'bidirectional'} grad ${i}`).toBeLessThan(1e-4));
    }
  });

  it('causal: changing a future token leaves every earlier output unchanged', () => {
    const ws = asWeights(weights(60));
    const x = tf.randomNormal([B, T, D], 0, 1, 'float32', 14);
    const changed = tf.concat([tf.slice(x, [0, 0, 0], [B, 6, D]), tf.randomNormal([B, T - 6, D], 0, 1, 'float32', 15)], 1);
    const a = multiHeadAttention(x as tf.Tensor3D, ws, { heads: H, causal: true });
    const b = multiHeadAttention(changed as tf.Tensor3D, ws, { heads: H, causal: true });
    expect(maxRelDiff(tf.slice(a, [0, 0, 0], [B, 6, D]), tf.slice(b, [0, 0, 0], [B, 6, D]))).toBe(0);
    expect(maxRelDiff(tf.slice(a, [0, 6, 0], [B, 1, D]), tf.slice(b, [0, 6, 0], [B, 1, D]))).toBeGreaterThan(1e-3);
    // bidirectional attention does see the future
    const c = multiHeadAttention(x as tf.Tensor3D, ws, { heads: H, causal: false });
    const d = multiHeadAttention(changed as tf.Tensor3D, ws, { heads: H, causal: false });
    expect(maxRelDiff(tf.slice(c, [0, 0, 0], [B, 1, D]), tf.slice(d, [0, 0, 0], [B, 1, D]))).toBeGreaterThan(1e-3);
  });

  it('the causal mask is 0 on and below the diagonal, very negative above', () => {
    expect(Array.from(causalMask(3).dataSync())).toEqual([0, -1e9, -1e9, 0, 0, -1e9, 0, 0, 0]);
  });
});
