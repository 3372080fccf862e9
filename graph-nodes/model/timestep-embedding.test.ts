import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { timestepEmbeddingNode } from './timestep-embedding.js';
import { timestepFeatures } from './timestep-embedding.run.js';
import { buildTensorNode } from '../../test/support/tensor-node-harness.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('model/timestep-embedding', () => {
  it('features are sines then cosines of t at frequencies 10000^(-k / half)', async () => {
    const f = (await timestepFeatures(tf.tensor1d([0, 7], 'int32'), 4).array()) as number[][];
    // half = 2: frequencies 1 and 10000^(-1/2) = 0.01
    expect(f[0]).toEqual([0, 0, 1, 1]);
    const expected = [Math.sin(7), Math.sin(0.07), Math.cos(7), Math.cos(0.07)];
    f[1]!.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
  });

  it('gives one dModel vector per step, different for different steps', async () => {
    const node = buildTensorNode(timestepEmbeddingNode, { params: { dModel: 8 }, inputs: { timesteps: { dtype: 'int32', shape: ['B'], role: 'timestep' } } });
    const out = node.apply({ timesteps: tf.tensor1d([1, 1, 500], 'int32') }).vectors!;
    expect(out.shape).toEqual([3, 8]);
    const rows = (await out.array()) as number[][];
    expect(rows[0]).toEqual(rows[1]);
    expect(rows[0]).not.toEqual(rows[2]);
    expect(timestepEmbeddingNode.params.safeParse({ dModel: 7 }).success).toBe(false);
  });
});
