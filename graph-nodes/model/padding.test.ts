import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { Vocabulary } from '../../engine/core/vocabulary.js';
import type { TensorType } from '../../engine/core/tensor-type.js';
import { transformerEncoderNode } from './transformer-encoder.js';
import { transformerDecoderNode } from './transformer-decoder.js';
import { poolNode } from './pool.js';
import { buildTensorNode } from '../../test/support/tensor-node-harness.js';

/*
 * [PAD] fills out encoder inputs (span corruption, UL2) and captions. Whatever a pad position
 * holds must change nothing at a real position: not through self-attention, cross-attention or
 * pooling. Each case runs the node twice, the second time with new random vectors at the pads.
 */

let IDS: tf.Tensor2D;
let x: tf.Tensor3D;
beforeAll(async () => {
  await tf.setBackend('wasm');
  // two examples of 6 positions: the first padded after 4 tokens, the second after 2
  IDS = tf.tensor2d([[3, 4, 5, 6, PAD, PAD], [7, 8, PAD, PAD, PAD, PAD]], [2, 6], 'int32');
  x = tf.randomNormal([2, 6, 16], 0, 1, 'float32', 1) as tf.Tensor3D;
});

const PAD = 0;
const vocab: Vocabulary = {
  kind: 'test',
  size: 10,
  special: { pad: PAD, sentinels: [] },
  specialTokens: ['[PAD]'],
  encode: () => [],
  decode: () => '',
  idToToken: (i) => String(i),
  toJSON: () => ({}),
};
const hidden = (t: number, d: number): TensorType => ({ dtype: 'float32', shape: ['B', t, d], role: 'hidden' });
const idsPort = (t: number) => ({ type: { dtype: 'int32', shape: ['B', t], role: 'token-ids', vocab: 'V' } as TensorType, vocabulary: vocab });

const real = [[0, 1, 2, 3], [0, 1]];

/** x with every pad position's vector replaced by new random values */
function repad(x: tf.Tensor3D, seed: number): tf.Tensor3D {
  const isPad = tf.reshape(tf.cast(tf.equal(IDS, PAD), 'float32'), [2, 6, 1]);
  const noise = tf.randomNormal(x.shape, 0, 3, 'float32', seed);
  return tf.add(tf.mul(x, tf.sub(1, isPad)), tf.mul(noise, isPad)) as tf.Tensor3D;
}

/** the largest change at a real (non-pad) position between two [2, 6, D] outputs */
function realChange(a: tf.Tensor, b: tf.Tensor): number {
  const A = a.arraySync() as number[][][];
  const B = b.arraySync() as number[][][];
  let worst = 0;
  real.forEach((positions, e) => positions.forEach((t) => A[e]![t]!.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - B[e]![t]![k]!))))));
  return worst;
}

describe('[PAD] positions are never read', () => {
  it('by encoder self-attention, when the encoder is given its ids', () => {
    const node = buildTensorNode(transformerEncoderNode, { params: { layers: 2, heads: 2, ffnMultiplier: 2, relativePositions: 2 }, inputs: { hidden: hidden(6, 16), ids: idsPort(6) } });
    const a = node.apply({ hidden: x, ids: IDS }).hidden!;
    const b = node.apply({ hidden: repad(x, 2), ids: IDS }).hidden!;
    expect(realChange(a, b)).toBeLessThan(1e-6);
    // the pads' own outputs do change: the comparison can see a difference
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeGreaterThan(0.1);
    node.dispose();
  });

  it('by decoder cross-attention, when the decoder is given the memory ids', () => {
    const node = buildTensorNode(transformerDecoderNode, {
      params: { layers: 2, heads: 2, ffnMultiplier: 2 },
      inputs: { hidden: hidden(5, 16), memory: hidden(6, 16), memoryIds: idsPort(6) },
    });
    const y = tf.randomNormal([2, 5, 16], 0, 1, 'float32', 3);
    const a = node.apply({ hidden: y, memory: x, memoryIds: IDS }).hidden!;
    const b = node.apply({ hidden: y, memory: repad(x, 4), memoryIds: IDS }).hidden!;
    // every decoder position is real here
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeLessThan(1e-6);
    // while a change at a real memory position does reach the decoder
    const c = node.apply({ hidden: y, memory: tf.add(x, tf.oneHot(tf.tensor2d([[1, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]], [2, 6], 'int32').flatten(), 16).reshape([2, 6, 16])) as tf.Tensor3D, memoryIds: IDS }).hidden!;
    expect(tf.max(tf.abs(tf.sub(a, c))).dataSync()[0]).toBeGreaterThan(1e-3);
    node.dispose();
  });

  it('by mean pooling, when the pool is given the ids', async () => {
    const node = buildTensorNode(poolNode, { inputs: { hidden: hidden(6, 16), ids: idsPort(6) } });
    const a = node.apply({ hidden: x, ids: IDS }).vectors!;
    const b = node.apply({ hidden: repad(x, 5), ids: IDS }).vectors!;
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeLessThan(1e-6);
    // the mean of the real positions alone
    const want = tf.stack([tf.mean(x.slice([0, 0, 0], [1, 4, 16]), 1).squeeze(), tf.mean(x.slice([1, 0, 0], [1, 2, 16]), 1).squeeze()]);
    expect(tf.max(tf.abs(tf.sub(a, want))).dataSync()[0]).toBeLessThan(1e-6);
  });
});
