import { describe, expect, it } from 'vitest';
import { blocksNode } from './blocks.js';
import { makeRng } from '../../engine/core/rng.js';
import type { BatchNode, Split } from '../../engine/registry/define-node.js';

const blocks = blocksNode as BatchNode<{ blockSize: number; batchSize: number }>;
const train = Int32Array.from({ length: 1000 }, (_, i) => i);
const val = Int32Array.from({ length: 40 }, (_, i) => 5000 + i);
const batch = (seed: number, split: Split = 'train', blockSize = 9, batchSize = 4) =>
  blocks.batch({ nodeId: 'b', params: { blockSize, batchSize }, inputs: { tokens: { train, val } }, ports: {}, split, rng: makeRng(seed) }).ids!;

describe('fixed-length blocks', () => {
  it('cuts contiguous blocks at seeded offsets: same seed, same batch', () => {
    const ids = batch(3);
    expect(ids.shape).toEqual([4, 9]);
    for (let b = 0; b < 4; b++) for (let t = 1; t < 9; t++) expect(ids.data[b * 9 + t]).toBe(ids.data[b * 9 + t - 1]! + 1);
    expect(Array.from(batch(3).data)).toEqual(Array.from(ids.data));
    expect(Array.from(batch(4).data)).not.toEqual(Array.from(ids.data));
  });

  it('reads held-out blocks from the held-out tokens only', () => {
    const ids = batch(1, 'val', 8, 16);
    for (const id of ids.data) expect(id).toBeGreaterThanOrEqual(5000);
  });

  it('can start anywhere, including the last full block, and never runs past the end', () => {
    const starts = new Set<number>();
    for (let seed = 0; seed < 400; seed++) {
      const ids = batch(seed, 'val', 30, 1);
      starts.add(ids.data[0]! - 5000);
      expect(ids.data[29]).toBeLessThan(5040);
    }
    // 11 possible offsets (0..10) in 40 tokens with blocks of 30
    expect([...starts].sort((a, b) => a - b)).toEqual(Array.from({ length: 11 }, (_, i) => i));
  });

  it('says which split is too short for a block, and what to change', () => {
    expect(() => batch(0, 'val', 64, 1)).toThrow(/held-out text has 40 tokens, fewer than one block of 64; use a bigger corpus/);
  });

  it('fixes T from its blockSize', () => {
    expect(blocksNode.dims!({ blockSize: 65, batchSize: 2 })).toEqual({ T: 65 });
  });
});
