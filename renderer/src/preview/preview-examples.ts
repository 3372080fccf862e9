import type { PreviewValue } from '../run/training-client.js';
import { isSpecialToken } from './token-text.js';

/**
 * A batch of images (image-caption pairs, noised images) as a person looks at one: example by
 * example, each image drawn, each caption decoded to its text, each per-example number (a label,
 * a timestep) beside them, rather than columns of pixel values.
 */

export interface ShownImage {
  port: string;
  role: string;
  width: number;
  height: number;
  /** pixels 0..1 (values outside are stretched per image to 0..1: noise, noised images) */
  pixels: Float32Array;
}

export interface ExampleCard {
  index: number;
  images: ShownImage[];
  texts: { port: string; text: string }[];
  values: { port: string; role: string; value: number }[];
}

export interface ExamplesView {
  /** examples in the batch */
  total: number;
  cards: ExampleCard[];
  /** the ports shown in the cards */
  ports: string[];
}

type TensorValue = Extract<PreviewValue, { kind: 'tensor' }>;

const IMAGE_ROLES = new Set(['image', 'noise']);

/** The side of a square image of `pixels` pixels, or null. */
function squareSide(pixels: number): number | null {
  const side = Math.round(Math.sqrt(pixels));
  return side > 1 && side * side === pixels ? side : null;
}

/** Values in 0..1 as they are; anything else stretched from its own min..max. */
export function toUnitRange(values: Float32Array): Float32Array {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min >= 0 && max <= 1) return values;
  const span = max - min || 1;
  return Float32Array.from(values, (v) => (v - min) / span);
}

/** Decoded text of a row of token texts, leaving out padding. */
export function captionText(tokens: readonly string[]): string {
  return tokens.filter((t) => !/^(\[PAD\]|<pad>)$/.test(t)).map((t) => (isSpecialToken(t) ? ` ${t} ` : t)).join('').replace(/\s+/g, ' ').trim();
}

/** Null when the batch holds no images (text batches keep their position-by-position view). */
export function examplesView(outputs: Record<string, PreviewValue>, max = 8): ExamplesView | null {
  const tensors = Object.entries(outputs).filter((e): e is [string, TensorValue] => e[1].kind === 'tensor' && e[1].tensor.shape.length >= 1);
  const images = tensors.filter(([, v]) => IMAGE_ROLES.has(v.role) && v.tensor.dtype === 'float32' && v.tensor.shape.length === 2 && squareSide(v.tensor.shape[1]!) !== null);
  if (images.length === 0) return null;
  const B = images[0]![1].tensor.shape[0]!;
  const same = tensors.filter(([, v]) => v.tensor.shape[0] === B);
  const texts = same.filter(([, v]) => v.tokens && v.tensor.shape.length === 2);
  const values = same.filter(([, v]) => v.tensor.shape.length === 1);
  const cards: ExampleCard[] = [];
  for (let b = 0; b < Math.min(B, max); b++) {
    cards.push({
      index: b,
      images: images.map(([port, v]) => {
        const P = v.tensor.shape[1]!;
        const side = squareSide(P)!;
        return { port, role: v.role, width: side, height: side, pixels: toUnitRange(v.tensor.data.slice(b * P, (b + 1) * P) as Float32Array) };
      }),
      texts: texts.map(([port, v]) => ({ port, text: captionText(v.tokens![b] ?? []) })),
      values: values.map(([port, v]) => ({ port, role: v.role, value: Number(v.tensor.data[b]) })),
    });
  }
  return { total: B, cards, ports: [...images, ...texts, ...values].map(([port]) => port) };
}
