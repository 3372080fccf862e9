import { makeRng } from '../engine/core/rng.js';

/**
 * One yardstick's figure for one run: `value` null means it does not apply (`note` says why).
 * `baseline` is what a model that ignores its input reaches on the same items; `higherIsBetter`
 * says which way is good.
 */
export interface Measure {
  value: number | null;
  baseline: number | null;
  higherIsBetter: boolean;
  /** the same measure for the same architecture at its random initialisation, where it is taken */
  randomInit?: number | null;
  note?: string;
  /** how many items it was taken over */
  items?: number;
}

export function notApplicable(note: string, higherIsBetter: boolean): Measure {
  return { value: null, baseline: null, higherIsBetter, note };
}

/**
 * `count` windows of `length` characters from `text`, at places drawn from a fixed seed: every
 * run is measured on the same windows, whatever seed it trained with. Windows start at a word
 * boundary when one is near, so they read like text.
 */
export function textWindows(text: string, count: number, length: number, seed = 'yardstick'): string[] {
  const chars = [...text];
  if (chars.length < length + 1) return [];
  const rng = makeRng(seed, length, count);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let start = rng.int(chars.length - length);
    for (let k = 0; k < 8 && start > 0 && chars[start - 1] !== ' '; k++) start--;
    out.push(chars.slice(start, start + length).join(''));
  }
  return out;
}

/** How often each character occurs in `text`. */
export function characterCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  return counts;
}
