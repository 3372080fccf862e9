import { hostFloat, hostInt, type HostTensor } from '../../engine/core/host-tensor.js';
import type { Rng } from '../../engine/core/rng.js';
import { shiftBlocks } from './next-token.run.js';

export interface PrefixSplit {
  split: 'random' | 'fixed';
  fraction: number;
  minFraction: number;
  maxFraction: number;
}

/** Prefix length, in input positions (0..T), for one block: the params say how it is chosen. */
export function prefixLength(p: PrefixSplit, T: number, rng: Rng): number {
  if (p.split === 'fixed') return Math.round(p.fraction * T);
  const lo = Math.round(p.minFraction * T);
  const hi = Math.round(p.maxFraction * T);
  return lo + rng.int(hi - lo + 1);
}

/** Next-token inputs and targets, each block's prefix length, and weights counting the continuation only. */
export function prefixLmSplit(p: PrefixSplit, ids: HostTensor, rng: Rng): { inputs: HostTensor; targets: HostTensor; weights: HostTensor; prefix: HostTensor } {
  const { inputs: x, targets: y } = shiftBlocks(ids);
  const [B, T] = x.shape as [number, number];
  const w = hostFloat([B, T]);
  const prefix = hostInt([B]);
  for (let b = 0; b < B; b++) {
    const n = prefixLength(p, T, rng);
    prefix.data[b] = n;
    // position i predicts token i+1: it counts once that token is past the prefix (i+1 >= n)
    w.data.fill(1, b * T + Math.max(0, n - 1), (b + 1) * T);
  }
  return { inputs: x, targets: y, weights: w, prefix };
}
