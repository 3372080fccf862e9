import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { transformerEncoderNode } from './transformer-encoder.js';
import { buildTensorNode, inferNode } from '../../test/support/tensor-node-harness.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const hidden = (t: number, d: number) => ({ dtype: 'float32' as const, shape: ['B', t, d], role: 'hidden' as const });

describe('model/transformer-encoder', () => {
  it('says when d_model does not split over the heads', () => {
    const p = transformerEncoderNode.params.parse({ heads: 3 });
    expect(inferNode(transformerEncoderNode, p, { hidden: hidden(8, 32) }).issues).toEqual([
      { param: 'heads', message: 'the model width 32 does not split over 3 heads: pick a head count that divides 32' },
    ]);
    expect(() => transformerEncoderNode.params.parse({ layers: 49 })).toThrow();
  });

  it('is bidirectional: a later token changes the first output', () => {
    const node = buildTensorNode(transformerEncoderNode, { params: { layers: 1, heads: 2, ffnMultiplier: 2 }, inputs: { hidden: hidden(8, 16) } });
    expect(node.variables.get('block0.mlp.w1')!.shape).toEqual([16, 32]);
    const x = tf.randomNormal([2, 8, 16], 0, 1, 'float32', 1);
    const y = tf.concat([x.slice([0, 0, 0], [2, 7, 16]), tf.randomNormal([2, 1, 16], 0, 1, 'float32', 2)], 1);
    const a = node.apply({ hidden: x }).hidden!;
    const b = node.apply({ hidden: y }).hidden!;
    expect(a.shape).toEqual([2, 8, 16]);
    expect(Array.from(a.slice([0, 0, 0], [2, 1, 16]).dataSync())).not.toEqual(Array.from(b.slice([0, 0, 0], [2, 1, 16]).dataSync()));
    // the final LayerNorm leaves each position with mean 0 and variance 1 (unit gain, zero bias)
    const { mean, variance } = tf.moments(a, -1);
    expect(tf.max(tf.abs(mean)).dataSync()[0]).toBeLessThan(1e-5);
    expect(tf.max(tf.abs(tf.sub(variance, 1))).dataSync()[0]).toBeLessThan(1e-3);
    node.dispose();
  });

  it('relativePositions K learns one [2K+1, heads] bias table that steers attention by distance', () => {
    const node = buildTensorNode(transformerEncoderNode, { params: { layers: 2, heads: 2, ffnMultiplier: 2, relativePositions: 3 }, inputs: { hidden: hidden(8, 16) } });
    const table = node.variables.get('relativeBias')!;
    expect(table.shape).toEqual([7 * 2]); // flat: weight decay skips it, as it skips every bias
    expect(Array.from(table.dataSync()).every((v) => v === 0)).toBe(true); // no preference at first
    const x = tf.randomNormal([2, 8, 16], 0, 1, 'float32', 3);
    const before = node.apply({ hidden: x }).hidden!;
    // the loss reaches the table ...
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(node.apply({ hidden: x }).hidden!)) as tf.Scalar, [table]);
    expect(tf.max(tf.abs(grads[table.name]!)).dataSync()[0]).toBeGreaterThan(0);
    // ... and a bias moves the outputs
    table.assign(tf.tensor1d([0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0])); // distance -1, head 0
    expect(Array.from(node.apply({ hidden: x }).hidden!.dataSync())).not.toEqual(Array.from(before.dataSync()));
    expect(transformerEncoderNode.params.parse({}).relativePositions).toBe(0);
    node.dispose();
  });

  it('relativeLocality s starts the table at -s * |distance| in every head, so a near token moves a position more than a far one', () => {
    const node = buildTensorNode(transformerEncoderNode, { params: { layers: 1, heads: 2, ffnMultiplier: 2, relativePositions: 3, relativeLocality: 4 }, inputs: { hidden: hidden(8, 16) } });
    // distance-major [2K+1, heads]: distances -3..3, both heads alike
    expect(Array.from(node.variables.get('relativeBias')!.dataSync())).toEqual([-12, -12, -8, -8, -4, -4, -0, -0, -4, -4, -8, -8, -12, -12]);
    const x = tf.randomNormal([1, 8, 16], 0, 1, 'float32', 4);
    const change = (at: number) => {
      // a random change of one position's vector (a uniform shift would vanish in the LayerNorm)
      const y = tf.add(x, tf.mul(tf.oneHot(tf.tensor1d([at], 'int32'), 8).reshape([1, 8, 1]), tf.randomNormal([1, 1, 16], 0, 3, 'float32', 5)));
      return tf.max(tf.abs(tf.sub(node.apply({ hidden: y }).hidden!, node.apply({ hidden: x }).hidden!).slice([0, 0, 0], [1, 1, 16]))).dataSync()[0]!;
    };
    expect(change(1)).toBeGreaterThan(20 * change(7));
    expect(transformerEncoderNode.params.parse({}).relativeLocality).toBe(0);
    node.dispose();
  });
});
