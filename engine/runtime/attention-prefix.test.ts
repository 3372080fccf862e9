import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { causalMask, multiHeadAttention, prefixLmMask, type AttentionWeights } from './attention.js';
import { transformerStack, stackParamSpecs, stackWeights } from './transformer-block.js';
import { maxRelDiff, valueAndGrads } from '../../test/support/tensor-node-harness.js';

/*
 * Prefix-LM attention: per example b, query i sees key j when j <= i or j < prefix[b]. Checked
 * against a textbook per-head version (batched matMuls, a [B, 1, T, T] mask written out with
 * loops, tfjs autodiff) on the wasm fast path and on the cpu reference backend.
 */

const B = 3, T = 10, D = 16, H = 4;
const PREFIX = [4, 0, 10];
const NAMES = ['wq', 'wk', 'wv', 'wo', 'bq', 'bk', 'bv', 'bo'] as const;

function weights(seed: number): tf.Tensor[] {
  return NAMES.map((n, i) => tf.randomNormal(n.startsWith('w') ? [D, D] : [D], 0, 0.3, 'float32', seed + i));
}
const asWeights = (ws: tf.Tensor[]) => Object.fromEntries(NAMES.map((n, i) => [n, ws[i]])) as unknown as AttentionWeights;

/** [B, 1, T, T] additive mask, from the definition. */
function referenceMask(prefix: number[], t: number): tf.Tensor {
  const data = new Float32Array(prefix.length * t * t);
  prefix.forEach((p, b) => {
    for (let i = 0; i < t; i++) for (let j = 0; j < t; j++) if (!(j <= i || j < p)) data[(b * t + i) * t + j] = -1e9;
  });
  return tf.tensor4d(data, [prefix.length, 1, t, t]);
}

function naive(x: tf.Tensor, ws: tf.Tensor[], prefix: number[]): tf.Tensor {
  const w = asWeights(ws);
  const proj = (z: tf.Tensor, m: tf.Tensor, b: tf.Tensor) => tf.add(tf.matMul(tf.reshape(z, [-1, D]), m as tf.Tensor2D), b);
  const heads = (z: tf.Tensor) => tf.transpose(tf.reshape(z, [B, T, H, D / H]), [0, 2, 1, 3]);
  const q = heads(proj(x, w.wq, w.bq!)), k = heads(proj(x, w.wk, w.bk!)), v = heads(proj(x, w.wv, w.bv!));
  const scores = tf.add(tf.div(tf.matMul(q, k, false, true), Math.sqrt(D / H)), referenceMask(prefix, T));
  const o = tf.reshape(tf.transpose(tf.matMul(tf.softmax(scores), v), [0, 2, 1, 3]), [B * T, D]);
  return tf.reshape(tf.add(tf.matMul(o, w.wo), w.bo!), [B, T, D]);
}

const prefixTensor = (p: number[]) => tf.tensor1d(p, 'int32');
const rows = (x: tf.Tensor, b: number, from: number, n: number) => tf.slice(x, [b, from, 0], [1, n, D]);

afterAll(async () => {
  await tf.setBackend('wasm');
});

describe.each(['wasm', 'cpu'])('prefix-LM attention on %s', (backend) => {
  it('selects the backend', async () => {
    expect(await tf.setBackend(backend)).toBe(true);
  });

  it('the mask is laid out as the core reads it: [t, B*H, s], channel b*H + h', () => {
    const m = prefixLmMask(prefixTensor([2, 0]), 3, 2);
    expect(m.shape).toEqual([3, 4, 3]);
    const got = m.arraySync() as number[][][];
    const ref = (referenceMask([2, 0], 3).arraySync() as number[][][][]).map((perB) => perB[0]!);
    for (let i = 0; i < 3; i++) for (let b = 0; b < 2; b++) for (let h = 0; h < 2; h++) expect(got[i]![b * 2 + h]).toEqual(ref[b]![i]);
    // a prefix of 0 or 1 is the causal mask, one of T or more sees everything
    const causal = Array.from(causalMask(4).dataSync());
    expect(Array.from(prefixLmMask(prefixTensor([0]), 4, 1).dataSync())).toEqual(causal);
    expect(Array.from(prefixLmMask(prefixTensor([1]), 4, 1).dataSync())).toEqual(causal);
    expect(Array.from(prefixLmMask(prefixTensor([4]), 4, 1).dataSync()).every((v) => v === 0)).toBe(true);
  });

  it('matches the per-head reference, values and gradients', () => {
    const x = tf.randomNormal([B, T, D], 0, 1, 'float32', 31);
    const ws = weights(50);
    const prefix = prefixTensor(PREFIX);
    const ours = valueAndGrads((xx, ...w) => multiHeadAttention(xx as tf.Tensor3D, asWeights(w), { heads: H, causal: true, prefix }), [x, ...ws]);
    const ref = valueAndGrads((xx, ...w) => naive(xx!, w, PREFIX), [x, ...ws]);
    expect(maxRelDiff(ours.value, ref.value)).toBeLessThan(1e-4);
    ours.grads.forEach((g, i) => expect(maxRelDiff(g, ref.grads[i]!), `grad ${i}`).toBeLessThan(1e-4));
    // and it is not simply the causal or the bidirectional result
    expect(maxRelDiff(ours.value, multiHeadAttention(x as tf.Tensor3D, asWeights(ws), { heads: H, causal: true }))).toBeGreaterThan(1e-3);
    expect(maxRelDiff(ours.value, multiHeadAttention(x as tf.Tensor3D, asWeights(ws), { heads: H, causal: false }))).toBeGreaterThan(1e-3);
  });

  it('no token after position i reaches a continuation output i; a later prefix token reaches every prefix output', () => {
    const ws = asWeights(weights(70));
    const prefix = prefixTensor([4, 4, 4]);
    const x = tf.randomNormal([B, T, D], 0, 1, 'float32', 32);
    const at = (pos: number, seed: number) => tf.concat([tf.slice(x, [0, 0, 0], [B, pos, D]), tf.randomNormal([B, 1, D], 0, 1, 'float32', seed), tf.slice(x, [0, pos + 1, 0], [B, T - pos - 1, D])], 1);
    const run = (z: tf.Tensor) => multiHeadAttention(z as tf.Tensor3D, ws, { heads: H, causal: true, prefix });
    const base = run(x);
    // a continuation token (position 7) changes: outputs 0..6 stay exactly as they were
    const future = run(at(7, 33));
    for (let b = 0; b < B; b++) {
      expect(maxRelDiff(rows(base, b, 0, 7), rows(future, b, 0, 7))).toBe(0);
      expect(maxRelDiff(rows(base, b, 7, 1), rows(future, b, 7, 1))).toBeGreaterThan(1e-3);
    }
    // the last prefix token (position 3) changes: every prefix output 0..3 moves, as does the continuation
    const inPrefix = run(at(3, 34));
    for (let b = 0; b < B; b++) for (let i = 0; i < T; i++) expect(maxRelDiff(rows(base, b, i, 1), rows(inPrefix, b, i, 1)), `b=${b} i=${i}`).toBeGreaterThan(1e-4);
  });

  it('a transformer stack keeps prefix lengths per example, and an empty tensor means plain causal', () => {
    const shape = { width: D, layers: 2, ffn: 2 * D, heads: H, cross: false, relativePositions: 0 };
    const specs = stackParamSpecs(shape);
    const vars = new Map(specs.map((s, i) => [s.name, s.init.kind === 'normal' ? tf.randomNormal(s.shape, 0, 0.2, 'float32', 90 + i) : s.init.kind === 'ones' ? tf.ones(s.shape) : tf.zeros(s.shape)]));
    const w = stackWeights((n) => vars.get(n)!, shape);
    const opts = { heads: H, causal: true, dropout: 0, training: false, seed: 0 };
    const x = tf.randomNormal([B, T, D], 0, 1, 'float32', 35) as tf.Tensor3D;
    const mixed = transformerStack(x, w, { ...opts, prefix: prefixTensor(PREFIX) });
    PREFIX.forEach((p, b) => {
      const alone = transformerStack(tf.slice(x, [b, 0, 0], [1, T, D]) as tf.Tensor3D, w, { ...opts, prefix: prefixTensor([p]) });
      expect(maxRelDiff(rows(mixed, b, 0, T), alone), `example ${b}`).toBeLessThan(1e-5);
    });
    const causal = transformerStack(x, w, opts);
    expect(maxRelDiff(transformerStack(x, w, { ...opts, prefix: tf.zeros([0], 'int32') }), causal)).toBe(0);
    expect(() => transformerStack(x, w, { ...opts, prefix: prefixTensor([1, 2]) })).toThrow('prefix lengths for 2 examples, but the batch has 3');
    // example 1 has prefix 0: exactly the causal stack
    expect(maxRelDiff(rows(mixed, 1, 0, T), rows(causal, 1, 0, T))).toBeLessThan(1e-6);
  });
});
