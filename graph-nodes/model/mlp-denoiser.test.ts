import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { mlpDenoiserNode } from './mlp-denoiser.js';
import { buildTensorNode, inferNode } from '../../test/support/tensor-node-harness.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const noisy = { dtype: 'float32' as const, shape: ['B', 16], role: 'image' as const };
const time = (w: number) => ({ dtype: 'float32' as const, shape: ['B', w], role: 'pooled' as const });

describe('model/mlp-denoiser', () => {
  it('needs a step vector as wide as its hidden layer', () => {
    const p = mlpDenoiserNode.params.parse({ hidden: 8 });
    expect(inferNode(mlpDenoiserNode, p, { noisy, time: time(8) }).issues).toEqual([]);
    expect(inferNode(mlpDenoiserNode, p, { noisy, time: time(6) }).issues[0]!.port).toBe('time');
  });

  it('predicts one number per pixel, and learns to pass x_t on through the step-scaled skip', () => {
    const node = buildTensorNode(mlpDenoiserNode, { params: { hidden: 8, blocks: 2 }, inputs: { noisy, time: time(8) } });
    const x = tf.randomNormal([4, 16], 0, 1, 'float32', 3);
    const t = tf.randomNormal([4, 8], 0, 1, 'float32', 4);
    expect(node.apply({ noisy: x, time: t }).noise!.shape).toEqual([4, 16]);
    // fit noise = x_t (what high noise levels ask for): a few Adam steps get close only via the skip
    const opt = tf.train.adam(0.05);
    const vars = [...node.variables.values()];
    const loss = () => tf.mean(tf.square(tf.sub(node.apply({ noisy: x, time: t }).noise!, x))) as tf.Scalar;
    const first = loss().dataSync()[0]!;
    for (let i = 0; i < 60; i++) opt.minimize(loss, false, vars);
    expect(loss().dataSync()[0]!).toBeLessThan(first / 5);
    node.dispose();
  });
});
