import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { poolNode } from './pool.js';
import { buildTensorNode, inferNode } from '../../test/support/tensor-node-harness.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const hidden = { dtype: 'float32' as const, shape: ['B', 3, 2], role: 'hidden' as const };

describe('model/pool', () => {
  it('averages over positions, or keeps the first', async () => {
    expect(inferNode(poolNode, poolNode.params.parse({}), { hidden }).outputs.vectors).toMatchObject({ shape: ['B', 2], role: 'pooled' });
    const h = tf.tensor3d([[[1, 2], [3, 4], [5, 6]]]);
    expect(await buildTensorNode(poolNode, { inputs: { hidden } }).apply({ hidden: h }).vectors!.array()).toEqual([[3, 4]]);
    expect(await buildTensorNode(poolNode, { params: { kind: 'first' }, inputs: { hidden } }).apply({ hidden: h }).vectors!.array()).toEqual([[1, 2]]);
  });
});
