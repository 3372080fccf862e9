import type { TextSplits } from '../../engine/data/values.js';
import { allDigitCaptions, DIGIT_WORDS } from './digit-captions.js';

/** One split of a labelled image set: `count` images of width x height pixels (0..1), row by row. */
export interface ImageSplit {
  count: number;
  pixels: Float32Array;
  labels: Int32Array;
}

/** What an image data node hands on: both splits and the names of its classes. */
export interface ImageSet {
  width: number;
  height: number;
  classNames: readonly string[];
  train: ImageSplit;
  val: ImageSplit;
}

const SIDE = 28;

/**
 * MNIST as training and held-out images: of each digit's images the last `valFraction` are held
 * out (so both splits hold every digit), at most `maxPerDigit` per digit (0: all). Also the
 * captions' text, for a tokenizer to learn their characters from.
 */
export function mnistImages(p: { valFraction: number; maxPerDigit: number }, digits: readonly Float32Array[]): { images: ImageSet; captions: TextSplits } {
  const pixels = SIDE * SIDE;
  const parts = digits.map((all, digit) => {
    const available = Math.floor(all.length / pixels);
    const count = p.maxPerDigit > 0 ? Math.min(available, p.maxPerDigit) : available;
    const val = Math.max(1, Math.round(count * p.valFraction));
    return { digit, all, train: count - val, val };
  });
  if (parts.some((d) => d.train < 1)) throw new Error('too few images per digit to hold some out: raise maxPerDigit or lower valFraction');
  const split = (which: 'train' | 'val'): ImageSplit => {
    const count = parts.reduce((n, d) => n + d[which], 0);
    const out: ImageSplit = { count, pixels: new Float32Array(count * pixels), labels: new Int32Array(count) };
    let at = 0;
    for (const d of parts) {
      const first = which === 'train' ? 0 : d.train;
      out.pixels.set(d.all.subarray(first * pixels, (first + d[which]) * pixels), at * pixels);
      out.labels.fill(d.digit, at, at + d[which]);
      at += d[which];
    }
    return out;
  };
  const text = allDigitCaptions();
  return {
    images: { width: SIDE, height: SIDE, classNames: DIGIT_WORDS, train: split('train'), val: split('val') },
    captions: { train: text, val: text, documents: [{ name: 'captions', text }], firstValDocument: -1 },
  };
}
