import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { positionalEmbeddingNode } from './positional-embedding.js';
import { buildTensorNode, inferNode } from '../../test/support/tensor-node-harness.js';
import { sinusoidalTable } from '../../engine/runtime/positional.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const hidden = (t: number | string, d = 8) => ({ dtype: 'float32' as const, shape: ['B', t, d], role: 'hidden' as const });

describe('model/positional-embedding', () => {
  it('reports sequences longer than maxLength on its input', () => {
    const params = positionalEmbeddingNode.params.parse({ maxLength: 32 });
    const { issues } = inferNode(positionalEmbeddingNode, params, { hidden: hidden(64) });
    expect(issues).toEqual([{ port: 'hidden', message: 'sequences have 64 positions but maxLength is 32: raise maxLength to at least 64' }]);
    expect(inferNode(positionalEmbeddingNode, params, { hidden: hidden(32) }).issues).toEqual([]);
    expect(inferNode(positionalEmbeddingNode, params, { hidden: hidden('T') }).issues).toEqual([]);
    expect(positionalEmbeddingNode.params.parse({})).toEqual({ kind: 'learned', maxLength: 256 });
  });

  it('learned: adds one trained row per position, also for sequences shorter than T', () => {
    const node = buildTensorNode(positionalEmbeddingNode, { params: { maxLength: 6 }, inputs: { hidden: hidden(6) } });
    const table = node.variables.get('table')!;
    expect(table.shape).toEqual([6, 8]);
    const full = node.apply({ hidden: tf.zeros([2, 6, 8]) }).hidden!;
    expect(Array.from(full.slice([1, 0, 0], [1, 6, 8]).dataSync())).toEqual(Array.from(table.dataSync()));
    const short = node.apply({ hidden: tf.ones([1, 3, 8]) }).hidden!;
    expect(short.shape).toEqual([1, 3, 8]);
    expect(Array.from(short.dataSync())).toEqual(Array.from(tf.add(table.slice([0, 0], [3, 8]), 1).dataSync()));
    const { grads } = tf.variableGrads(() => tf.sum(node.apply({ hidden: tf.zeros([3, 6, 8]) }).hidden!) as tf.Scalar, [table]);
    expect(grads[table.name]!.dataSync()[0]).toBe(3);
    node.dispose();
  });

  it('sinusoidal: fixed, nothing to learn', () => {
    const node = buildTensorNode(positionalEmbeddingNode, { params: { kind: 'sinusoidal', maxLength: 10 }, inputs: { hidden: hidden(10) } });
    expect(node.variables.size).toBe(0);
    const out = node.apply({ hidden: tf.zeros([1, 4, 8]) }).hidden!;
    expect(out.dataSync()).toEqual(sinusoidalTable(10, 8).subarray(0, 32));
  });
});
