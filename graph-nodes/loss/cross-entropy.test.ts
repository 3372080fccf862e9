import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { crossEntropyNode } from './cross-entropy.js';
import { buildTensorNode, inferNode, updateMetric } from '../../test/support/tensor-node-harness.js';
import type { Vocabulary } from '../../engine/core/vocabulary.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const logitsType = (v: number | string) => ({ dtype: 'float32' as const, shape: ['B', 'T', v], role: 'logits' as const });
const targetsType = (v: number | string) => ({ dtype: 'int32' as const, shape: ['B', 'T'], role: 'targets' as const, vocab: v });
const weightsType = { dtype: 'float32' as const, shape: ['B', 'T'], role: 'loss-weights' as const };

describe('loss/cross-entropy', () => {
  it('outputs a scalar loss; logits and targets must share the vocabulary', () => {
    const p = crossEntropyNode.params.parse({});
    expect(p).toEqual({ labelSmoothing: 0 });
    const ok = inferNode(crossEntropyNode, p, { logits: logitsType(65), targets: targetsType(65) });
    expect(ok.issues).toEqual([]);
    expect(ok.outputs.loss).toEqual({ dtype: 'float32', shape: [], role: 'loss' });
    const bad = inferNode(crossEntropyNode, p, { logits: logitsType(65), targets: targetsType(70) });
    expect(bad.issues[0]!.port).toBe('targets');
    expect(() => crossEntropyNode.params.parse({ labelSmoothing: 0.6 })).toThrow();
  });

  it('loss is ln(V) for uniform logits; weight-0 positions do not count', () => {
    const node = buildTensorNode(crossEntropyNode, { inputs: { logits: logitsType(4), targets: targetsType(4), weights: weightsType } });
    const targets = tf.tensor2d([[0, 1, 2]], [1, 3], 'int32');
    const uniform = node.apply({ logits: tf.zeros([1, 3, 4]), targets }).loss!;
    expect(uniform.shape).toEqual([]);
    expect(uniform.dataSync()[0]).toBeCloseTo(Math.log(4), 5);
    // position 1 is badly wrong but has weight 0
    const logits = tf.tensor3d([[[5, 0, 0, 0], [0, 0, 0, 9], [0, 0, 5, 0]]]);
    const weighted = node.apply({ logits, targets, weights: tf.tensor2d([[1, 0, 1]]) }).loss!.dataSync()[0]!;
    const ce = 5 - Math.log(Math.exp(5) + 3);
    expect(weighted).toBeCloseTo(-ce, 5);
  });

  it('metrics: weighted accuracy over weight > 0 positions and the most-frequent-token baseline', async () => {
    const node = buildTensorNode(crossEntropyNode, { inputs: { logits: logitsType(3), targets: targetsType(3), weights: weightsType } });
    const acc = node.runtime.metrics!();
    // predictions (argmax): 0, 1, 2, 2 ; targets: 0, 2, 2, 1 ; weights 1, 1, 0, 2
    const logits = tf.tensor3d([[[9, 0, 0], [0, 9, 0], [0, 0, 9], [0, 0, 9]]]);
    const targets = tf.tensor2d([[0, 2, 2, 1]], [1, 4], 'int32');
    await updateMetric(acc, { logits, targets, weights: tf.tensor2d([[1, 1, 0, 2]]) }, {});
    // a second batch without weights: everything counts with weight 1
    await updateMetric(acc, { logits: tf.tensor3d([[[0, 9, 0]]]), targets: tf.tensor2d([[1]], [1, 1], 'int32') }, {});
    const r = acc.result();
    expect(r.accuracy).toBeCloseTo(2 / 5, 6); // correct: position 0 (w 1) and the second batch (w 1) of total 5
    expect(r.baselineAccuracy).toBeCloseTo(3 / 5, 6); // token 1 carries weight 2 + 1 = 3 of 5
    expect(crossEntropyNode.docs).toMatch(/weight > 0/);
  });

  it('metrics: with special targets (T5 sentinels), accuracy and baseline over the text targets alone too', async () => {
    // ids 0 = [PAD], 3 and 4 = sentinels; 1 and 2 are text
    const vocabulary = { special: { pad: 0, sentinels: [3, 4] } } as unknown as Vocabulary;
    const node = buildTensorNode(crossEntropyNode, { inputs: { logits: logitsType(5), targets: { type: targetsType(5), vocabulary } } });
    const acc = node.runtime.metrics!();
    // targets <x0> 1 1 2 <x1>; predicted <x0> 1 2 2 <x1>: 4 of 5 right, but 2 of 3 text tokens
    const logits = tf.oneHot(tf.tensor2d([[3, 1, 2, 2, 4]], [1, 5], 'int32'), 5).mul(9);
    await updateMetric(acc, { logits, targets: tf.tensor2d([[3, 1, 1, 2, 4]], [1, 5], 'int32') }, {});
    const r = acc.result();
    expect(r.accuracy).toBeCloseTo(4 / 5, 6);
    expect(r.textAccuracy).toBeCloseTo(2 / 3, 6);
    expect(r.textBaselineAccuracy).toBeCloseTo(2 / 3, 6); // token 1, twice of three
    // no special target scored: no text figures (they would repeat accuracy)
    const plain = node.runtime.metrics!();
    await updateMetric(plain, { logits, targets: tf.tensor2d([[1, 1, 1, 2, 2]], [1, 5], 'int32') }, {});
    expect(Object.keys(plain.result()).sort()).toEqual(['accuracy', 'baselineAccuracy']);
  });

  it("metrics: given the model's inputs (a masked LM's), accuracy counts only positions the input hides, split into masked / random / kept", async () => {
    // ids 0 = [MASK]; targets 1 1 2 2 3 1; the input shows [MASK] at 0-2, a random token at 3, the answer itself at 4-5
    const vocabulary = { special: { mask: 0, sentinels: [] } } as unknown as Vocabulary;
    const tokens = (v: number) => ({ dtype: 'int32' as const, shape: ['B', 'T'], role: 'token-ids' as const, vocab: v });
    const node = buildTensorNode(crossEntropyNode, {
      inputs: { logits: logitsType(4), targets: { type: targetsType(4), vocabulary }, weights: weightsType, inputs: { type: tokens(4), vocabulary } },
    });
    const acc = node.runtime.metrics!();
    // predictions 1 2 2 3 3 1: right at 0 and 2 ([MASK]), wrong at 1 ([MASK]) and 3 (random), right at 4 and 5 (kept)
    const logits = tf.tensor3d([[[0, 9, 0, 0], [0, 0, 9, 0], [0, 0, 9, 0], [0, 0, 0, 9], [0, 0, 0, 9], [0, 9, 0, 0]]]);
    const targets = tf.tensor2d([[1, 1, 2, 2, 3, 1]], [1, 6], 'int32');
    const inputs = tf.tensor2d([[0, 0, 0, 1, 3, 1]], [1, 6], 'int32');
    await updateMetric(acc, { logits, targets, weights: tf.ones([1, 6]), inputs }, {});
    const r = acc.result();
    // the headline: the 4 positions whose answer the input hides (3 masked + 1 random), 2 right
    expect(r.accuracy).toBeCloseTo(2 / 4, 6);
    // always guessing the most frequent hidden target (1 or 2, each twice of 4)
    expect(r.baselineAccuracy).toBeCloseTo(2 / 4, 6);
    expect(r['masked.accuracy']).toBeCloseTo(2 / 3, 6);
    expect(r['random.accuracy']).toBe(0);
    expect(r['kept.accuracy']).toBe(1);
  });
});
