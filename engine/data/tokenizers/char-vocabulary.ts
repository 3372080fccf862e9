import type { SpecialIds, SpecialName, Vocabulary } from '../../core/vocabulary.js';
import { specialIdsOf, specialSpellings, splitPresentSpecials } from './specials.js';

/** What a character vocabulary saves: every token by id, the first `specialCount` being special. */
export interface CharVocabularyJSON {
  kind: 'char';
  version: 1;
  specialCount: number;
  tokens: string[];
}


/**
 * Character-level tokenization: one id per Unicode code point (not per UTF-16 unit, so an emoji
 * is one token). Ids: the special tokens first (0..k-1), then the characters of the training text
 * sorted by code point, so the same text always gives the same ids.
 *
 * A character the training text never contained becomes [UNK] when the vocabulary has one and
 * is dropped otherwise (decode(encode(x)) then loses it): a model cannot be given an id it has no
 * embedding for.
 */
export class CharVocabulary implements Vocabulary {
  readonly kind = 'char';
  readonly special: SpecialIds;
  readonly specialTokens: readonly string[];
  private readonly tokens: readonly string[];
  private readonly ids = new Map<string, number>();

  private constructor(tokens: readonly string[], specialCount: number) {
    this.tokens = tokens;
    this.specialTokens = tokens.slice(0, specialCount);
    tokens.forEach((t, id) => {
      if (this.ids.has(t)) throw new Error(`the vocabulary lists ${JSON.stringify(t)} twice`);
      if (id >= specialCount && [...t].length !== 1) throw new Error(`${JSON.stringify(t)} is not a single character`);
      this.ids.set(t, id);
    });
    this.special = specialIdsOf(this.specialTokens.map((content, id) => ({ content, id })));
  }

  /** The vocabulary of `text` (its special tokens excluded) plus the requested special tokens. */
  static train(text: string, options: { specialTokens: readonly SpecialName[]; sentinels: number }): CharVocabulary {
    const specials = specialSpellings(options.specialTokens, options.sentinels);
    const seen = new Set<number>();
    for (const piece of splitPresentSpecials(text, specials)) {
      if (piece.special) continue;
      for (const ch of piece.text) seen.add(ch.codePointAt(0)!);
    }
    const chars = [...seen].sort((a, b) => a - b).map((cp) => String.fromCodePoint(cp));
    return new CharVocabulary([...specials, ...chars], specials.length);
  }

  static fromJSON(json: unknown): CharVocabulary {
    const j = json as Partial<CharVocabularyJSON> | null;
    const fault =
      typeof j !== 'object' || j === null
        ? 'it is not an object'
        : j.kind !== 'char' || j.version !== 1
          ? 'its kind is not "char" (version 1)'
          : !Number.isInteger(j.specialCount) || j.specialCount! < 0
            ? '"specialCount" is not a whole number'
            : !Array.isArray(j.tokens) || j.tokens.some((t) => typeof t !== 'string')
              ? '"tokens" is not a list of strings'
              : null;
    if (fault) throw new Error(`not a saved character vocabulary: ${fault}`);
    const { tokens, specialCount } = j as CharVocabularyJSON;
    if (specialCount > tokens.length) throw new Error('a saved character vocabulary has more special tokens than tokens');
    return new CharVocabulary(tokens, specialCount);
  }

  get size(): number {
    return this.tokens.length;
  }

  encode(text: string): number[] {
    const out: number[] = [];
    const unk = this.special.unk;
    for (const piece of splitPresentSpecials(text, this.specialTokens)) {
      if (piece.special) {
        out.push(this.ids.get(piece.text)!);
        continue;
      }
      for (const ch of piece.text) {
        const id = this.ids.get(ch);
        if (id !== undefined) out.push(id);
        else if (unk !== undefined) out.push(unk);
      }
    }
    return out;
  }

  /** The characters of `text` this vocabulary has no id for, with their counts (none when it has [UNK]). */
  unknownCharacters(text: string): Map<string, number> {
    const unknown = new Map<string, number>();
    if (this.special.unk !== undefined) return unknown;
    for (const piece of splitPresentSpecials(text, this.specialTokens)) {
      if (piece.special) continue;
      for (const ch of piece.text) if (!this.ids.has(ch)) unknown.set(ch, (unknown.get(ch) ?? 0) + 1);
    }
    return unknown;
  }

  decode(ids: readonly number[]): string {
    let s = '';
    for (const id of ids) s += this.idToToken(id);
    return s;
  }

  idToToken(id: number): string {
    const t = this.tokens[id];
    if (t === undefined) throw new RangeError(`token id ${id} is outside the vocabulary (size ${this.size})`);
    return t;
  }

  toJSON(): CharVocabularyJSON {
    return { kind: 'char', version: 1, specialCount: this.specialTokens.length, tokens: [...this.tokens] };
  }
}
