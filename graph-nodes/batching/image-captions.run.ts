import { hostFloat, hostInt, type HostTensor } from '../../engine/core/host-tensor.js';
import type { Rng } from '../../engine/core/rng.js';
import type { Vocabulary } from '../../engine/core/vocabulary.js';
import type { ImageSet } from '../data/mnist.run.js';
import { DIGIT_CAPTION_TEMPLATES, digitCaption } from '../data/digit-captions.js';

/** A caption's ids, cut or [PAD]-filled to `length`. */
export function captionIds(vocab: Vocabulary, text: string, length: number): Int32Array {
  const ids = vocab.encode(text).slice(0, length);
  const out = new Int32Array(length).fill(vocab.special.pad!);
  out.set(ids);
  return out;
}

/**
 * `batchSize` images drawn at random from the split, each with a caption naming its digit in one
 * of the templates (drawn too): the pairs a contrastive objective pulls together.
 */
export function imageCaptionPairs(
  p: { batchSize: number; captionLength: number },
  images: ImageSet,
  vocab: Vocabulary,
  split: 'train' | 'val',
  rng: Rng,
): { images: HostTensor; captions: HostTensor; labels: HostTensor } {
  const set = images[split];
  const P = images.width * images.height;
  const x = hostFloat([p.batchSize, P]);
  const c = hostInt([p.batchSize, p.captionLength]);
  const labels = hostInt([p.batchSize]);
  for (let b = 0; b < p.batchSize; b++) {
    const i = rng.int(set.count);
    const digit = set.labels[i]!;
    x.data.set(set.pixels.subarray(i * P, (i + 1) * P), b * P);
    labels.data[b] = digit;
    c.data.set(captionIds(vocab, digitCaption(digit, rng.int(DIGIT_CAPTION_TEMPLATES.length)), p.captionLength), b * p.captionLength);
  }
  return { images: x, captions: c, labels };
}
