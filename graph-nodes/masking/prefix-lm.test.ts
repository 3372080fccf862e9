import { describe, expect, it } from 'vitest';
import { prefixLmNode, type PrefixLmParams } from './prefix-lm.js';
import { blocksNode } from '../batching/blocks.js';
import { hostInt } from '../../engine/core/host-tensor.js';
import { makeRng } from '../../engine/core/rng.js';
import type { BatchNode } from '../../engine/registry/define-node.js';

describe('prefix-LM split', () => {
  const stream = Int32Array.from({ length: 2000 }, (_, i) => i);
  const blocks = blocksNode as BatchNode<{ blockSize: number; batchSize: number }>;
  const split = prefixLmNode as BatchNode<PrefixLmParams>;
  const params = (p: Partial<PrefixLmParams> = {}) => prefixLmNode.params.parse(p);
  const ids = (seed: number, blockSize = 33, batchSize = 8) =>
    blocks.batch({ nodeId: 'b', params: { blockSize, batchSize }, inputs: { tokens: { train: stream, val: stream.subarray(0, 40) } }, ports: {}, split: 'train', rng: makeRng(seed) }).ids!;
  const run = (p: PrefixLmParams, seed: number, block = ids(3)) => split.batch({ nodeId: 's', params: p, inputs: { ids: block }, ports: {}, split: 'train', rng: makeRng(seed) });

  it('shifts like a causal LM, and weights are 0 exactly where the target is a prefix token', () => {
    const block = ids(3);
    const out = run(params(), 1, block);
    const B = 8, T = 32;
    expect(out.inputs!.shape).toEqual([B, T]);
    expect(out.targets!.shape).toEqual([B, T]);
    expect(out.weights!.shape).toEqual([B, T]);
    expect(out.prefix!.shape).toEqual([B]);
    expect(out.prefix!.dtype).toBe('int32');
    for (let b = 0; b < B; b++) {
      const p = out.prefix!.data[b]!;
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(T);
      for (let t = 0; t < T; t++) {
        expect(out.inputs!.data[b * T + t]).toBe(block.data[b * (T + 1) + t]);
        expect(out.targets!.data[b * T + t]).toBe(block.data[b * (T + 1) + t + 1]);
        // target t+1 is a prefix token when t+1 < p: no loss there, full loss on the continuation
        expect(out.weights!.data[b * T + t], `b=${b} t=${t} p=${p}`).toBe(t + 1 < p ? 0 : 1);
      }
    }
  });

  it('draws prefix lengths per example, seeded: the same seed repeats, another differs', () => {
    const a = run(params(), 5, ids(3, 65, 16));
    const b = run(params(), 5, ids(3, 65, 16));
    const c = run(params(), 6, ids(3, 65, 16));
    expect(Array.from(a.prefix!.data)).toEqual(Array.from(b.prefix!.data));
    expect(Array.from(a.weights!.data)).toEqual(Array.from(b.weights!.data));
    expect(Array.from(a.prefix!.data)).not.toEqual(Array.from(c.prefix!.data));
    expect(new Set(a.prefix!.data).size).toBeGreaterThan(4);
  });

  it('keeps random prefixes inside [minFraction, maxFraction] of the block', () => {
    const p = params({ minFraction: 0.25, maxFraction: 0.5 });
    const seen = new Set<number>();
    for (let seed = 0; seed < 40; seed++) for (const n of run(p, seed, ids(seed, 41, 8)).prefix!.data) seen.add(n);
    expect(Math.min(...seen)).toBe(10);
    expect(Math.max(...seen)).toBe(20);
  });

  it('cuts every block at the same place with a fixed fraction; 0 is plain next-token prediction', () => {
    const half = run(params({ split: 'fixed', fraction: 0.5 }), 1);
    expect(Array.from(half.prefix!.data)).toEqual(new Array(8).fill(16));
    for (let b = 0; b < 8; b++) expect(Array.from(half.weights!.data.subarray(b * 32, (b + 1) * 32))).toEqual([...new Array(15).fill(0), ...new Array(17).fill(1)]);
    const none = run(params({ split: 'fixed', fraction: 0 }), 1);
    expect(Array.from(none.weights!.data).every((w) => w === 1)).toBe(true);
    // a whole-block prefix still predicts the one token after it
    const all = split.batch({ nodeId: 's', params: params({ split: 'fixed', fraction: 1 }), inputs: { ids: hostInt([1, 5], Int32Array.from([10, 11, 12, 13, 14])) }, ports: {}, split: 'train', rng: makeRng(0) });
    expect(Array.from(all.weights!.data)).toEqual([0, 0, 0, 1]);
    expect(Array.from(all.prefix!.data)).toEqual([4]);
  });

  it('infers [B,T-1] ids and weights and [B] prefix lengths; refuses min above max', () => {
    const r = prefixLmNode.infer!({ params: params(), inputs: {}, dims: new Map<string, string | number>([['B', 'B'], ['T', 65], ['V', 'V']]) });
    expect(r && r.outputs?.inputs?.shape).toEqual(['B', 64]);
    expect(r && r.outputs?.weights?.shape).toEqual(['B', 64]);
    expect(r && r.outputs?.prefix).toEqual({ dtype: 'int32', shape: ['B'], role: 'attention-mask' });
    expect(prefixLmNode.params.safeParse({ minFraction: 0.6, maxFraction: 0.4 }).success).toBe(false);
  });
});
