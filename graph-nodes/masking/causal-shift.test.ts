import { describe, expect, it } from 'vitest';
import { causalShiftNode } from './causal-shift.js';
import { blocksNode } from '../batching/blocks.js';
import { hostInt } from '../../engine/core/host-tensor.js';
import { makeRng } from '../../engine/core/rng.js';
import type { BatchNode } from '../../engine/registry/define-node.js';

describe('blocks + causal shift', () => {
  const stream = Int32Array.from({ length: 1000 }, (_, i) => i);
  const blocks = blocksNode as BatchNode<{ blockSize: number; batchSize: number }>;
  const shift = causalShiftNode as BatchNode<object>;
  const batch = (seed: number) =>
    blocks.batch({ nodeId: 'b', params: { blockSize: 9, batchSize: 4 }, inputs: { tokens: { train: stream, val: stream.subarray(0, 20) } }, ports: {}, split: 'train', rng: makeRng(seed) }).ids!;

  it('cuts contiguous blocks at seeded offsets', () => {
    const ids = batch(3);
    expect(ids.shape).toEqual([4, 9]);
    for (let b = 0; b < 4; b++) for (let t = 1; t < 9; t++) expect(ids.data[b * 9 + t]).toBe(ids.data[b * 9 + t - 1]! + 1);
    expect(Array.from(batch(3).data)).toEqual(Array.from(ids.data));
    expect(Array.from(batch(4).data)).not.toEqual(Array.from(ids.data));
  });

  it('targets are the inputs moved one token to the left', () => {
    const ids = hostInt([1, 5], Int32Array.from([10, 11, 12, 13, 14]));
    const out = shift.batch({ nodeId: 's', params: {}, inputs: { ids }, ports: {}, split: 'train', rng: makeRng(0) });
    expect(Array.from(out.inputs!.data)).toEqual([10, 11, 12, 13]);
    expect(Array.from(out.targets!.data)).toEqual([11, 12, 13, 14]);
    expect(out.targets!.shape).toEqual([1, 4]);
  });

  it('says which split is too short for a block', () => {
    expect(() =>
      blocks.batch({ nodeId: 'b', params: { blockSize: 64, batchSize: 1 }, inputs: { tokens: { train: stream, val: stream.subarray(0, 20) } }, ports: {}, split: 'val', rng: makeRng(0) }),
    ).toThrow(/held-out text has 20 tokens, fewer than one block of 64/);
  });

  it('infers [B,T-1] from [B,T]', () => {
    const r = causalShiftNode.infer!({ params: {}, inputs: {}, dims: new Map<string, string | number>([['B', 'B'], ['T', 65], ['V', 'V']]) });
    expect(r && r.outputs?.inputs?.shape).toEqual(['B', 64]);
  });
});
