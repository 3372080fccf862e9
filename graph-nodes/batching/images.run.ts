import { hostFloat, type HostTensor } from '../../engine/core/host-tensor.js';
import type { Rng } from '../../engine/core/rng.js';
import type { ImageSet } from '../data/mnist.run.js';

/** `batchSize` images drawn at random from the split, one row of pixels each. */
export function imageBatch(p: { batchSize: number }, images: ImageSet, split: 'train' | 'val', rng: Rng): { images: HostTensor } {
  const set = images[split];
  const P = images.width * images.height;
  const x = hostFloat([p.batchSize, P]);
  for (let b = 0; b < p.batchSize; b++) {
    const i = rng.int(set.count);
    x.data.set(set.pixels.subarray(i * P, (i + 1) * P), b * P);
  }
  return { images: x };
}
