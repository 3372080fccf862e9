/**
 * What a tokenizer hands to the rest of the graph: ids <-> text, and where its special tokens
 * are. Masking nodes, embeddings and text outputs all see the tokenizer only through this.
 */
export interface SpecialIds {
  pad?: number;
  mask?: number;
  bos?: number;
  eos?: number;
  cls?: number;
  sep?: number;
  unk?: number;
  /** UL2's mode tokens: which denoiser made an example (regular spans, sequential, extreme) */
  nlu?: number;
  s2s?: number;
  nlg?: number;
  /** T5 sentinels <extra_id_0>, <extra_id_1>, ... in order */
  sentinels: number[];
}

export interface Vocabulary {
  readonly kind: string;
  readonly size: number;
  readonly special: SpecialIds;
  /** special tokens as written in text, e.g. "[MASK]"; encode() keeps them whole */
  readonly specialTokens: readonly string[];
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
  idToToken(id: number): string;
  /** Serialisable form, saved with checkpoints; the tokenizer node restores from it. */
  toJSON(): unknown;
}

/** Names of the special tokens a tokenizer can be asked for, and their spelling. */
export const SPECIAL_TOKEN_SPELLING = {
  pad: '[PAD]',
  mask: '[MASK]',
  bos: '[BOS]',
  eos: '[EOS]',
  cls: '[CLS]',
  sep: '[SEP]',
  unk: '[UNK]',
  nlu: '[NLU]',
  s2s: '[S2S]',
  nlg: '[NLG]',
} as const;

export type SpecialName = keyof typeof SPECIAL_TOKEN_SPELLING;

/** Every special token's id (sentinels included): the ids that are not text. */
export function specialIdList(special: SpecialIds): number[] {
  const { sentinels, ...named } = special;
  return [...Object.values(named).filter((id): id is number => id !== undefined), ...sentinels];
}

export function sentinelToken(i: number): string {
  return `<extra_id_${i}>`;
}

/**
 * Split text around special tokens so tokenizers can encode the plain pieces and keep the
 * special ones whole. Longest spelling first so "<extra_id_10>" never matches as "<extra_id_1>".
 */
export function splitOnSpecials(text: string, specials: readonly string[]): { text: string; special: boolean }[] {
  if (specials.length === 0) return text ? [{ text, special: false }] : [];
  const sorted = [...specials].sort((a, b) => b.length - a.length);
  const out: { text: string; special: boolean }[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const hit = sorted.find((s) => text.startsWith(s, i));
    if (hit) {
      if (i > start) out.push({ text: text.slice(start, i), special: false });
      out.push({ text: hit, special: true });
      i += hit.length;
      start = i;
    } else i++;
  }
  if (start < text.length) out.push({ text: text.slice(start), special: false });
  return out;
}
