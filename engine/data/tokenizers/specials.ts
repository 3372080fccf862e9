import { SPECIAL_TOKEN_SPELLING, sentinelToken, splitOnSpecials, type SpecialIds, type SpecialName } from '../../core/vocabulary.js';

/** The canonical order of named special tokens; ids follow it whatever order a user lists them in. */
export const SPECIAL_NAMES = Object.keys(SPECIAL_TOKEN_SPELLING) as [SpecialName, ...SpecialName[]];


/**
 * The spellings of the requested special tokens: named ones in canonical order, then sentinels.
 * A tokenizer gives them ids 0..k-1 in this order, so [PAD] is 0 whenever it is asked for.
 */
export function specialSpellings(names: readonly SpecialName[], sentinels: number): string[] {
  const wanted = new Set(names);
  const named = SPECIAL_NAMES.filter((n) => wanted.has(n)).map((n) => SPECIAL_TOKEN_SPELLING[n]);
  return [...named, ...Array.from({ length: sentinels }, (_, i) => sentinelToken(i))];
}

const NAME_BY_SPELLING = new Map<string, SpecialName>(SPECIAL_NAMES.map((n) => [SPECIAL_TOKEN_SPELLING[n], n]));
const SENTINEL = /^<extra_id_(\d+)>$/;

/**
 * Recover the SpecialIds of a saved tokenizer from its special tokens. Sentinels must run
 * <extra_id_0>, <extra_id_1>, ... without gaps: span corruption numbers spans by them.
 */
export function specialIdsOf(tokens: readonly { content: string; id: number }[]): SpecialIds {
  const special: SpecialIds = { sentinels: [] };
  const sentinels: number[] = [];
  for (const { content, id } of tokens) {
    const name = NAME_BY_SPELLING.get(content);
    if (name) special[name] = id;
    const m = SENTINEL.exec(content);
    if (m) sentinels[Number(m[1])] = id;
  }
  for (let i = 0; i < sentinels.length; i++) {
    if (sentinels[i] === undefined) throw new Error(`the special tokens skip the sentinel ${sentinelToken(i)}`);
  }
  special.sentinels = sentinels;
  return special;
}

/**
 * splitOnSpecials, after dropping the specials the text does not contain: it tries every
 * spelling at every character, which on a whole corpus with 100 sentinels is slow for nothing.
 */
export function splitPresentSpecials(text: string, specials: readonly string[]): { text: string; special: boolean }[] {
  return splitOnSpecials(
    text,
    specials.filter((s) => text.includes(s)),
  );
}
