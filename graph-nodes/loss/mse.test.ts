import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { mseNode } from './mse.js';
import { buildTensorNode } from '../../test/support/tensor-node-harness.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('loss/mse', () => {
  it('is the mean of the squared differences', async () => {
    const type = { dtype: 'float32' as const, shape: ['B', 2], role: 'noise' as const };
    const node = buildTensorNode(mseNode, { inputs: { prediction: type, target: type } });
    const loss = node.apply({ prediction: tf.tensor2d([[1, 2], [3, 4]]), target: tf.tensor2d([[1, 0], [0, 4]]) }).loss!;
    expect((await loss.data())[0]).toBeCloseTo((0 + 4 + 9 + 0) / 4, 6);
  });
});
