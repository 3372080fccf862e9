import { describe, expect, it } from 'vitest';
import { causalShiftNode } from './causal-shift.js';
import { blocksNode } from '../batching/blocks.js';
import { hostInt } from '../../engine/core/host-tensor.js';
import { makeRng } from '../../engine/core/rng.js';
import type { BatchNode } from '../../engine/registry/define-node.js';

describe('causal shift', () => {
  const stream = Int32Array.from({ length: 1000 }, (_, i) => i);
  const blocks = blocksNode as BatchNode<{ blockSize: number; batchSize: number }>;
  const shift = causalShiftNode as BatchNode<object>;
  const batch = (seed: number) =>
    blocks.batch({ nodeId: 'b', params: { blockSize: 9, batchSize: 4 }, inputs: { tokens: { train: stream, val: stream.subarray(0, 20) } }, ports: {}, split: 'train', rng: makeRng(seed) }).ids!;

  it('keeps every block of a batch aligned: targets are each block moved on by one', () => {
    const ids = batch(3);
    const out = shift.batch({ nodeId: 's', params: {}, inputs: { ids }, ports: {}, split: 'train', rng: makeRng(0) });
    expect(out.inputs!.shape).toEqual([4, 8]);
    for (let b = 0; b < 4; b++) for (let t = 0; t < 8; t++) expect(out.targets!.data[b * 8 + t]).toBe(ids.data[b * 9 + t + 1]);
  });

  it('targets are the inputs moved one token to the left', () => {
    const ids = hostInt([1, 5], Int32Array.from([10, 11, 12, 13, 14]));
    const out = shift.batch({ nodeId: 's', params: {}, inputs: { ids }, ports: {}, split: 'train', rng: makeRng(0) });
    expect(Array.from(out.inputs!.data)).toEqual([10, 11, 12, 13]);
    expect(Array.from(out.targets!.data)).toEqual([11, 12, 13, 14]);
    expect(out.targets!.shape).toEqual([1, 4]);
  });

  it('infers [B,T-1] from [B,T]', () => {
    const r = causalShiftNode.infer!({ params: {}, inputs: {}, dims: new Map<string, string | number>([['B', 'B'], ['T', 65], ['V', 'V']]) });
    expect(r && r.outputs?.inputs?.shape).toEqual(['B', 64]);
  });
});
