import { hostInt, type HostTensor } from '../../engine/core/host-tensor.js';
import type { Rng } from '../../engine/core/rng.js';
import type { TokenStream } from '../../engine/data/values.js';

/** `batchSize` blocks of `blockSize` consecutive tokens, each starting at a random position of the split. */
export function contiguousBlocks(p: { blockSize: number; batchSize: number }, tokens: TokenStream, split: 'train' | 'val', rng: Rng): { ids: HostTensor } {
  const stream = tokens[split];
  const T = p.blockSize;
  if (stream.length < T) {
    const where = split === 'train' ? 'training' : 'held-out';
    throw new Error(`the ${where} text has ${stream.length} tokens, fewer than one block of ${T}; use a bigger corpus, a larger held-out fraction or a smaller block size`);
  }
  const out = hostInt([p.batchSize, T]);
  const data = out.data as Int32Array;
  for (let b = 0; b < p.batchSize; b++) {
    const start = rng.int(stream.length - T + 1);
    data.set(stream.subarray(start, start + T), b * T);
  }
  return { ids: out };
}
