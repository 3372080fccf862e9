import { describe, expect, it } from 'vitest';
import { makeRng } from '../../engine/core/rng.js';
import type { ImageSet } from '../data/mnist.run.js';
import { imageBatch } from './images.run.js';

describe('batching/images', () => {
  it('draws whole images of the split, the same ones for the same seed', () => {
    // image k of the split is filled with the value k
    const split = (count: number, offset: number) => ({ count, pixels: Float32Array.from({ length: count * 4 }, (_, i) => offset + Math.floor(i / 4)), labels: new Int32Array(count) });
    const images: ImageSet = { width: 2, height: 2, classNames: ['a'], train: split(10, 0), val: split(3, 100) };
    const batch = imageBatch({ batchSize: 5 }, images, 'val', makeRng(1));
    expect(batch.images.shape).toEqual([5, 4]);
    for (let b = 0; b < 5; b++) {
      const row = [...batch.images.data.subarray(b * 4, b * 4 + 4)];
      expect(new Set(row).size).toBe(1);
      expect(row[0]).toBeGreaterThanOrEqual(100);
    }
    expect([...imageBatch({ batchSize: 5 }, images, 'val', makeRng(1)).images.data]).toEqual([...batch.images.data]);
  });
});
