import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { lmHeadNode } from './lm-head.js';
import { buildTensorNode, inferNode, maxRelDiff } from '../../test/support/tensor-node-harness.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const hidden = { dtype: 'float32' as const, shape: ['B', 'T', 8], role: 'hidden' as const };
const table = (v: number | string) => ({ dtype: 'float32' as const, shape: [v, 8], role: 'embedding' as const });
const parse = (p: object) => lmHeadNode.params.parse(p);

describe('model/lm-head', () => {
  it('takes V from a tied table, else from vocabSize, else leaves the global V', () => {
    expect(inferNode(lmHeadNode, parse({}), { hidden, tiedTable: table(65) }).outputs.logits!.shape).toEqual(['B', 'T', 65]);
    expect(inferNode(lmHeadNode, parse({ vocabSize: 100 }), { hidden }).outputs.logits!.shape).toEqual(['B', 'T', 100]);
    expect(inferNode(lmHeadNode, parse({}), { hidden }).outputs.logits!.shape).toEqual(['B', 'T', 'V']);
    const clash = inferNode(lmHeadNode, parse({ vocabSize: 100 }), { hidden, tiedTable: table(65) }).issues;
    expect(clash[0]!.port).toBe('tiedTable');
    expect(clash[0]!.message).toMatch(/V is 100/);
  });

  it('tied: logits = hidden . table^T, with no matrix of its own', () => {
    const node = buildTensorNode(lmHeadNode, { inputs: { hidden, tiedTable: table(5) } });
    expect(node.variables.size).toBe(0);
    const h = tf.randomNormal([2, 3, 8], 0, 1, 'float32', 1);
    const t = tf.randomNormal([5, 8], 0, 1, 'float32', 2);
    const logits = node.apply({ hidden: h, tiedTable: t }).logits!;
    expect(logits.shape).toEqual([2, 3, 5]);
    expect(maxRelDiff(logits, tf.reshape(tf.matMul(tf.reshape(h, [6, 8]), t, false, true), [2, 3, 5]))).toBeLessThan(1e-5);
    // the gradient reaches the tied table
    const g = tf.grad((tt: tf.Tensor) => tf.sum(node.apply({ hidden: h, tiedTable: tt }).logits!))(t);
    expect(maxRelDiff(g, tf.tile(tf.sum(tf.reshape(h, [6, 8]), 0, true), [5, 1]))).toBeLessThan(1e-5);
  });

  it('untied: its own [D, V] matrix and optional bias', () => {
    const node = buildTensorNode(lmHeadNode, { params: { vocabSize: 7, bias: true }, inputs: { hidden } });
    expect(node.variables.get('weight')!.shape).toEqual([8, 7]);
    expect(node.variables.get('bias')!.shape).toEqual([7]);
    node.variables.get('bias')!.assign(tf.range(0, 7));
    const logits = node.apply({ hidden: tf.zeros([1, 2, 8]) }).logits!;
    expect(Array.from(logits.dataSync())).toEqual([0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6]);
    node.dispose();
  });
});
