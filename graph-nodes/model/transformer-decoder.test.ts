import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { transformerDecoderNode } from './transformer-decoder.js';
import { buildTensorNode, inferNode } from '../../test/support/tensor-node-harness.js';
import { buildTinyGpt } from '../../bench/tiny-gpt.js';
import { AdamW } from '../../engine/train/adamw.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const hidden = (t: number | string, d: number | string = 16) => ({ dtype: 'float32' as const, shape: ['B', t, d], role: 'hidden' as const });
const slice = (x: tf.Tensor, from: number, n: number) => x.slice([0, from, 0], [x.shape[0]!, n, x.shape[2]!]);

describe('model/transformer-decoder', () => {
  it('says when d_model does not split over the heads', () => {
    const p = transformerDecoderNode.params.parse({ heads: 4 });
    expect(inferNode(transformerDecoderNode, p, { hidden: hidden(8, 130) }).issues).toEqual([
      { param: 'heads', message: 'the model width 130 does not split over 4 heads: pick a head count that divides 130' },
    ]);
    expect(inferNode(transformerDecoderNode, p, { hidden: hidden(8, 128) }).issues).toEqual([]);
    expect(inferNode(transformerDecoderNode, p, { hidden: hidden(8, 'D') }).issues).toEqual([]);
    expect(p).toEqual({ layers: 2, heads: 4, ffnMultiplier: 4, dropout: 0, relativePositions: 0, relativeLocality: 0 });
  });

  it('is causal: a later token never changes an earlier output; works on shorter sequences', () => {
    const node = buildTensorNode(transformerDecoderNode, { params: { layers: 2, heads: 4 }, inputs: { hidden: hidden(12) } });
    expect(node.variables.size).toBe(2 * 16 + 2);
    const x = tf.randomNormal([2, 12, 16], 0, 1, 'float32', 1);
    const y = tf.concat([slice(x, 0, 7), tf.randomNormal([2, 5, 16], 0, 1, 'float32', 2)], 1);
    const a = node.apply({ hidden: x }).hidden!;
    const b = node.apply({ hidden: y }).hidden!;
    expect(a.shape).toEqual([2, 12, 16]);
    expect(Array.from(slice(a, 0, 7).dataSync())).toEqual(Array.from(slice(b, 0, 7).dataSync()));
    expect(Array.from(slice(a, 7, 1).dataSync())).not.toEqual(Array.from(slice(b, 7, 1).dataSync()));
    // a prompt shorter than T gives the same outputs as the start of a full sequence
    const short = node.apply({ hidden: slice(x, 0, 5) }).hidden!;
    const d = tf.max(tf.abs(tf.sub(short, slice(a, 0, 5)))).dataSync()[0]!;
    expect(d).toBeLessThan(1e-5);
    node.dispose();
  });

  it('cross-attends to a connected memory', () => {
    const memory = { dtype: 'float32' as const, shape: ['B', 'S', 16], role: 'hidden' as const };
    const node = buildTensorNode(transformerDecoderNode, { params: { layers: 1, heads: 2 }, inputs: { hidden: hidden(6), memory } });
    expect([...node.variables.keys()].filter((k) => k.includes('cross')).length).toBe(8);
    const x = tf.randomNormal([2, 6, 16], 0, 1, 'float32', 3);
    const m1 = tf.randomNormal([2, 9, 16], 0, 1, 'float32', 4);
    const m2 = tf.randomNormal([2, 9, 16], 0, 1, 'float32', 5);
    const a = node.apply({ hidden: x, memory: m1 }).hidden!;
    const b = node.apply({ hidden: x, memory: m2 }).hidden!;
    expect(a.shape).toEqual([2, 6, 16]);
    // the very first position already differs: cross-attention is not causal
    expect(Array.from(slice(a, 0, 1).dataSync())).not.toEqual(Array.from(slice(b, 0, 1).dataSync()));
    node.dispose();
  });

  it('with prefix lengths is a prefix LM per example; without them (or empty) plainly causal', () => {
    const prefixType = { dtype: 'int32' as const, shape: ['B'], role: 'attention-mask' as const };
    const p = transformerDecoderNode.params.parse({ layers: 1, heads: 2 });
    expect(inferNode(transformerDecoderNode, p, { hidden: hidden(8), prefix: prefixType }).issues).toEqual([]);
    const node = buildTensorNode(transformerDecoderNode, { params: { layers: 2, heads: 2 }, inputs: { hidden: hidden(8), prefix: prefixType } });
    const x = tf.randomNormal([2, 8, 16], 0, 1, 'float32', 7);
    // change the token at position 2: with prefix 5 (example 0) position 0 sees it, with prefix 0 (example 1) it does not
    const y = tf.concat([slice(x, 0, 2), tf.randomNormal([2, 1, 16], 0, 1, 'float32', 8), slice(x, 3, 5)], 1);
    const prefix = tf.tensor1d([5, 0], 'int32');
    const a = node.apply({ hidden: x, prefix }).hidden!;
    const b = node.apply({ hidden: y, prefix }).hidden!;
    const first = (z: tf.Tensor, ex: number) => Array.from(z.slice([ex, 0, 0], [1, 2, 16]).dataSync());
    expect(first(a, 0)).not.toEqual(first(b, 0));
    expect(first(a, 1)).toEqual(first(b, 1));
    const causal = node.apply({ hidden: x }).hidden!;
    expect(Array.from(node.apply({ hidden: x, prefix: tf.zeros([0], 'int32') }).hidden!.dataSync())).toEqual(Array.from(causal.dataSync()));
    expect(Array.from(node.apply({ hidden: x, prefix: tf.tensor1d([0, 1], 'int32') }).hidden!.dataSync())).toEqual(Array.from(causal.dataSync()));
    node.dispose();
  });

  it('dropout acts while training only, repeatably for a seed', () => {
    const node = buildTensorNode(transformerDecoderNode, { params: { layers: 1, heads: 2, dropout: 0.3 }, inputs: { hidden: hidden(6) } });
    const x = tf.randomNormal([2, 6, 16], 0, 1, 'float32', 6);
    const run = (training: boolean, seed: number) => Array.from(node.apply({ hidden: x }, { training, seed }).hidden!.dataSync());
    expect(run(false, 1)).toEqual(run(false, 2));
    expect(run(true, 1)).toEqual(run(true, 1));
    expect(run(true, 1)).not.toEqual(run(true, 2));
    expect(run(true, 1)).not.toEqual(run(false, 1));
    node.dispose();
  });

  it('trains a tiny GPT with a flat tensor count', () => {
    const gpt = buildTinyGpt({ vocab: 20, dModel: 32, layers: 2, heads: 4, context: 16, causal: true });
    const opt = new AdamW(gpt.variables, { beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.01, gradClip: 1 });
    const ids = tf.tensor2d(Int32Array.from({ length: 64 }, (_, i) => (i * 7) % 20), [4, 16], 'int32');
    const targets = tf.tensor2d(Int32Array.from({ length: 64 }, (_, i) => ((i + 1) * 7) % 20), [4, 16], 'int32');
    const counts: number[] = [];
    const losses: number[] = [];
    for (let step = 1; step <= 30; step++) {
      const ctx = { training: true, step, seed: step };
      const { value, grads } = tf.variableGrads(() => gpt.loss(ids, targets, ctx), gpt.variables.map((v) => v.variable));
      losses.push(value.dataSync()[0]!);
      value.dispose();
      opt.apply(grads, 3e-3).dispose();
      tf.dispose(grads);
      counts.push(tf.memory().numTensors);
    }
    expect(counts[29]).toBe(counts[4]);
    expect(losses[0]).toBeGreaterThan(Math.log(20) - 0.5);
    expect(losses[29]).toBeLessThan(losses[0]! - 1);
    opt.dispose();
    gpt.dispose();
  });
});
