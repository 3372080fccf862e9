import type { TextDocument } from './values.js';

/**
 * How the built-in corpora's files become documents. Shared by the Node data source (CLI) and the
 * browser's (the training worker), so a graph trains on the very same text in both.
 */

export function doc(name: string, text: string, meta?: TextDocument['meta']): TextDocument {
  return Object.freeze({ name, text: normalise(text).trimEnd(), ...(meta ? { meta: Object.freeze(meta) } : {}) });
}

export function normalise(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** The last path segment, without `ext`. */
export function baseName(file: string, ext = ''): string {
  const name = file.slice(file.lastIndexOf('/') + 1);
  return ext && name.endsWith(ext) ? name.slice(0, -ext.length) : name;
}

export interface SotuRecord {
  file: string;
  year: number;
  name: string;
  party: string;
  text: string;
}

/** Years in order; two presidents spoke in 1953 and in 1961, and the outgoing one (who appears in earlier years) came first. */
export function sotuDocuments(records: SotuRecord[]): TextDocument[] {
  const firstYear = new Map<string, number>();
  for (const r of records) firstYear.set(r.name, Math.min(r.year, firstYear.get(r.name) ?? Infinity));
  const sorted = [...records].sort((a, b) => a.year - b.year || firstYear.get(a.name)! - firstYear.get(b.name)! || a.file.localeCompare(b.file));
  return sorted.map((r) => doc(r.file, r.text, { year: r.year, president: r.name, party: r.party }));
}

/** The 15 genres of the Brown corpus, by the letter after "c" in its file names (see its CONTENTS). */
export const BROWN_GENRES: Record<string, string> = {
  a: 'press: reportage',
  b: 'press: editorial',
  c: 'press: reviews',
  d: 'religion',
  e: 'skill and hobbies',
  f: 'popular lore',
  g: 'belles-lettres',
  h: 'miscellaneous: government & house organs',
  j: 'learned',
  k: 'fiction: general',
  l: 'fiction: mystery',
  m: 'fiction: science',
  n: 'fiction: adventure',
  p: 'fiction: romance',
  r: 'humor',
};

const ATTACH_LEFT = new Set([',', '.', ';', ':', '?', '!', ')', ']', "''"]);
const ATTACH_RIGHT = new Set(['(', '[', '``']);

/**
 * "The/at Fulton/np-tl ,/, ``/`` no/at" -> 'The Fulton, "no'. Paragraphs are blank-line separated
 * blocks with one sentence per line; words may themselves hold a slash ("and/or", "1/2"), so the
 * tag is whatever follows the last one. Two quirks of the tagged form are undone: a sentence that
 * ends at a semicolon carries it twice (";/. ;/."), and inch marks ("12''/nn") are followed by a
 * spurious closing-quote token.
 */
export function untagBrown(tagged: string): string {
  const paragraphs: string[] = [];
  for (const block of normalise(tagged).split(/\n\s*\n/)) {
    let out = '';
    let prev = '';
    for (const token of block.split(/\s+/)) {
      const slash = token.lastIndexOf('/');
      const word = slash > 0 ? token.slice(0, slash) : token;
      if (!word || (word === ';' && prev === ';') || (word === "''" && prev.length > 2 && prev.endsWith("''"))) continue;
      const text = word === '``' || word === "''" ? '"' : word.replace(/''$/, '"');
      out += out && !ATTACH_RIGHT.has(prev) && !ATTACH_LEFT.has(word) ? ' ' + text : text;
      prev = word;
    }
    if (out) paragraphs.push(out);
  }
  return paragraphs.join('\n\n');
}
