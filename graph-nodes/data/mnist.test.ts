import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeDataSource } from '../../engine/data/node-data-source.js';
import { makeRng } from '../../engine/core/rng.js';
import { CharVocabulary } from '../../engine/data/tokenizers/char-vocabulary.js';
import { mnistImages, type ImageSet } from './mnist.run.js';
import { DIGIT_CAPTION_TEMPLATES, DIGIT_WORDS, digitCaption } from './digit-captions.js';
import { imageCaptionPairs } from '../batching/image-captions.run.js';

let digits: Float32Array[];
beforeAll(async () => {
  digits = await createNodeDataSource().mnistDigits!();
});

describe('MNIST digits', () => {
  it('reads 800 to 1200 28x28 images of every digit, pixels in 0..1', () => {
    expect(digits).toHaveLength(10);
    for (const d of digits) {
      expect(d.length % 784).toBe(0);
      expect(d.length / 784).toBeGreaterThan(800);
      expect(Math.min(...d.subarray(0, 5000))).toBeGreaterThanOrEqual(0);
      expect(Math.max(...d.subarray(0, 5000))).toBeLessThanOrEqual(1);
    }
  });

  it('holds out the last share of every digit, so both splits hold all ten', () => {
    const { images, captions } = mnistImages({ valFraction: 0.2, maxPerDigit: 50 }, digits);
    expect(images.train.count).toBe(400);
    expect(images.val.count).toBe(100);
    for (const split of [images.train, images.val]) expect(new Set(split.labels)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    // held-out image k of digit 3 is image 40 + k of the digit's file
    const firstVal3 = images.val.labels.indexOf(3);
    expect([...images.val.pixels.subarray(firstVal3 * 784, firstVal3 * 784 + 784)]).toEqual([...digits[3]!.subarray(40 * 784, 41 * 784)]);
    expect(captions.train).toContain('a handwritten seven');
    expect(captions.train).toContain('the number 7, written by hand');
    expect(() => mnistImages({ valFraction: 0.5, maxPerDigit: 1 }, digits)).toThrow(/too few images/);
  });

  it('pairs each drawn image with a caption of its own digit, padded to one length', () => {
    const { images, captions } = mnistImages({ valFraction: 0.15, maxPerDigit: 0 }, digits);
    const vocab = CharVocabulary.train(captions.train, { specialTokens: ['pad'], sentinels: 0 });
    const pairs = imageCaptionPairs({ batchSize: 32, captionLength: 32 }, images as ImageSet, vocab, 'train', makeRng(5));
    expect(pairs.images.shape).toEqual([32, 784]);
    expect(pairs.captions.shape).toEqual([32, 32]);
    const all = DIGIT_WORDS.flatMap((_, d) => DIGIT_CAPTION_TEMPLATES.map((_t, t) => ({ d, text: digitCaption(d, t) })));
    for (let b = 0; b < 32; b++) {
      const ids = [...pairs.captions.data.subarray(b * 32, (b + 1) * 32)].filter((id) => id !== vocab.special.pad);
      const text = vocab.decode(ids);
      expect(all.find((c) => c.text === text)?.d, text).toBe(pairs.labels.data[b]);
    }
    // the same seed draws the same batch
    const again = imageCaptionPairs({ batchSize: 32, captionLength: 32 }, images as ImageSet, vocab, 'train', makeRng(5));
    expect([...again.captions.data]).toEqual([...pairs.captions.data]);
  });
});
