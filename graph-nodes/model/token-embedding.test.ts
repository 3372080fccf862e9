import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { tokenEmbeddingNode } from './token-embedding.js';
import { buildTensorNode, inferNode } from '../../test/support/tensor-node-harness.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const ids = (vocab: number | string) => ({ dtype: 'int32' as const, shape: ['B', 5], role: 'token-ids' as const, vocab });

describe('model/token-embedding', () => {
  it('infers hidden [B,T,dModel] and the table [V,dModel]', () => {
    const { outputs, issues } = inferNode(tokenEmbeddingNode, tokenEmbeddingNode.params.parse({ dModel: 16 }), { ids: ids('V') });
    expect(issues).toEqual([]);
    expect(outputs.hidden!.shape).toEqual(['B', 5, 16]);
    expect(outputs.table!.shape).toEqual(['V', 16]);
    expect(tokenEmbeddingNode.params.parse({})).toEqual({ dModel: 128, initStd: 0.02 });
  });

  it('looks rows up in its table and hands the table on; gradients reach the table', () => {
    const node = buildTensorNode(tokenEmbeddingNode, { params: { dModel: 8, initStd: 0.5 }, inputs: { ids: ids(11) } });
    const table = node.variables.get('table')!;
    expect(table.shape).toEqual([11, 8]);
    const x = tf.tensor2d([[1, 2, 3, 4, 10], [0, 0, 1, 1, 2]], [2, 5], 'int32');
    const out = node.apply({ ids: x });
    expect(out.table).toBe(table);
    expect(Array.from(out.hidden!.dataSync())).toEqual(Array.from(tf.gather(table, x).dataSync()));
    const { grads } = tf.variableGrads(() => tf.sum(node.apply({ ids: x }).hidden!) as tf.Scalar, [table]);
    const g = grads[table.name]!.arraySync() as number[][];
    expect(g[1]![0]).toBe(3); // id 1 appears three times
    expect(g[5]![0]).toBe(0);
    node.dispose();
  });

  it('refuses to build before the vocabulary size is known', () => {
    expect(() => buildTensorNode(tokenEmbeddingNode, { inputs: { ids: ids('V') } })).toThrow(/vocabulary size is not known/);
  });

  it('embeds with a shared table when one is connected, and makes none of its own', () => {
    const table = { dtype: 'float32' as const, shape: [11, 8], role: 'embedding' as const };
    expect(inferNode(tokenEmbeddingNode, tokenEmbeddingNode.params.parse({ dModel: 8 }), { ids: ids(11), sharedTable: table }).issues).toEqual([]);
    // a table of another width or vocabulary is reported on the port
    const wide = inferNode(tokenEmbeddingNode, tokenEmbeddingNode.params.parse({ dModel: 16 }), { ids: ids(11), sharedTable: table });
    expect(wide.issues.map((i) => i.port)).toContain('sharedTable');
    const other = inferNode(tokenEmbeddingNode, tokenEmbeddingNode.params.parse({ dModel: 8 }), { ids: ids(12), sharedTable: table });
    expect(other.issues.map((i) => i.port)).toContain('sharedTable');

    const node = buildTensorNode(tokenEmbeddingNode, { params: { dModel: 8 }, inputs: { ids: ids(11), sharedTable: table } });
    expect(node.variables.size).toBe(0);
    const shared = tf.variable(tf.randomNormal([11, 8]));
    const x = tf.tensor2d([[1, 2, 3, 4, 10]], [1, 5], 'int32');
    const out = node.apply({ ids: x, sharedTable: shared });
    expect(out.table).toBe(shared);
    expect(Array.from(out.hidden!.dataSync())).toEqual(Array.from(tf.gather(shared, x).dataSync()));
    const { grads } = tf.variableGrads(() => tf.sum(node.apply({ ids: x, sharedTable: shared }).hidden!) as tf.Scalar, [shared]);
    expect((grads[shared.name]!.arraySync() as number[][])[10]![0]).toBe(1);
    node.dispose();
  });
});
