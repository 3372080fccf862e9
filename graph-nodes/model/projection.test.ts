import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { projectionNode } from './projection.js';
import { buildTensorNode, inferNode, maxRelDiff } from '../../test/support/tensor-node-harness.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const vectors = { dtype: 'float32' as const, shape: ['B', 5], role: 'pooled' as const };

describe('model/projection', () => {
  it('projects to dim numbers of length 1 (or as they come, without normalize)', async () => {
    expect(inferNode(projectionNode, projectionNode.params.parse({ dim: 3 }), { vectors }).outputs.vectors!.shape).toEqual(['B', 3]);
    const node = buildTensorNode(projectionNode, { params: { dim: 3 }, inputs: { vectors } });
    const x = tf.randomNormal([4, 5], 0, 1, 'float32', 9);
    const out = node.apply({ vectors: x }).vectors!;
    const norms = (await tf.sqrt(tf.sum(tf.square(out), 1)).array()) as number[];
    for (const n of norms) expect(n).toBeCloseTo(1, 5);
    const raw = buildTensorNode(projectionNode, { params: { dim: 3, normalize: false }, inputs: { vectors } });
    expect(maxRelDiff(raw.apply({ vectors: x }).vectors!, tf.matMul(x, raw.variables.get('weight')!))).toBeLessThan(1e-5);
  });
});
