import type { SpecialIds } from '../../core/vocabulary.js';
import { SPECIAL_NAMES } from './specials.js';

/**
 * The Hugging Face `tokenizer.json` of a GPT-2 style byte-level BPE: what the BPE node saves, and
 * what `tokenizers` (Rust/Python), transformers' PreTrainedTokenizerFast and tokenizers.js load.
 */
export interface HfAddedToken {
  id: number;
  content: string;
  single_word: boolean;
  lstrip: boolean;
  rstrip: boolean;
  normalized: boolean;
  special: boolean;
}

const BYTE_LEVEL = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true } as const;

export interface HfTokenizerJson {
  version: '1.0';
  truncation: null;
  padding: null;
  added_tokens: HfAddedToken[];
  normalizer: null;
  pre_tokenizer: typeof BYTE_LEVEL;
  post_processor: typeof BYTE_LEVEL;
  decoder: typeof BYTE_LEVEL;
  model: {
    type: 'BPE';
    dropout: null;
    unk_token: null;
    continuing_subword_prefix: null;
    end_of_word_suffix: null;
    fuse_unk: false;
    byte_fallback: false;
    ignore_merges: false;
    vocab: Record<string, number>;
    merges: string[];
  };
}

/** A byte-level BPE as plain data: every token by id (special ones included) and the merges. */
export interface BpeModelData {
  tokens: string[];
  merges: [string, string][];
  /** the special tokens, split off before pre-tokenization and never merged */
  added: { id: number; content: string }[];
}

export function toTokenizerJson(m: BpeModelData): HfTokenizerJson {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: m.added.map(({ id, content }) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: null,
    pre_tokenizer: { ...BYTE_LEVEL },
    post_processor: { ...BYTE_LEVEL },
    decoder: { ...BYTE_LEVEL },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      // fromEntries defines own properties, so a token spelled "__proto__" stays a token
      vocab: Object.fromEntries(m.tokens.map((t, id) => [t, id])),
      // byte-level tokens never contain a space, so the classic "a b" form is unambiguous and
      // also readable by older tokenizers versions than the [a, b] form
      merges: m.merges.map(([a, b]) => `${a} ${b}`),
    },
  };
}

/**
 * The `tokenizer_config.json` that goes next to tokenizer.json so transformers' AutoTokenizer
 * (and tokenizers.js) know which special token plays which part. Cleanup of spaces before
 * punctuation is off: it would make decode(encode(text)) differ from the text.
 */
export function tokenizerConfigJson(special: SpecialIds, token: (id: number) => string): Record<string, unknown> {
  const config: Record<string, unknown> = { tokenizer_class: 'PreTrainedTokenizerFast', clean_up_tokenization_spaces: false };
  // transformers knows these roles by name; the others (UL2's modes, T5's sentinels) are just special
  const known = new Set(['pad', 'mask', 'bos', 'eos', 'cls', 'sep', 'unk']);
  const additional: string[] = [];
  for (const name of SPECIAL_NAMES) {
    const id = special[name];
    if (id === undefined) continue;
    if (known.has(name)) config[`${name}_token`] = token(id);
    else additional.push(token(id));
  }
  additional.push(...special.sentinels.map(token));
  if (additional.length) config.additional_special_tokens = additional;
  return config;
}

/**
 * A tokenizer.json's vocabulary, merges and added tokens as the BPE model the engine runs, with
 * ids checked to be unique and gapless. Checking the rest of the file's shape is the caller's
 * (bpe-load.ts validates files from elsewhere; a run's own saved file is trusted).
 */
export function bpeModelOf(j: { vocab: Record<string, number>; merges: (string | [string, string])[]; added: readonly { id: number; content: string }[] }): BpeModelData {
  const tokens: string[] = [];
  const place = (content: string, id: number) => {
    if (tokens[id] !== undefined && tokens[id] !== content) throw new Error(`tokenizer.json gives id ${id} to both ${JSON.stringify(tokens[id])} and ${JSON.stringify(content)}`);
    tokens[id] = content;
  };
  for (const [t, id] of Object.entries(j.vocab)) place(t, id);
  for (const { content, id } of j.added) place(content, id);
  for (let id = 0; id < tokens.length; id++) {
    if (tokens[id] === undefined) throw new Error(`tokenizer.json has no token with id ${id}`);
  }
  const merges = j.merges.map((m): [string, string] => {
    if (typeof m !== 'string') return m;
    const parts = m.split(' ');
    if (parts.length !== 2) throw new Error(`tokenizer.json has a malformed merge ${JSON.stringify(m)}`);
    return parts as [string, string];
  });
  return { tokens, merges, added: j.added.map(({ id, content }) => ({ id, content })) };
}
