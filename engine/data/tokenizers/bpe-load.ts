import { z } from 'zod';
import { BpeVocabulary } from './bpe.js';
import { bpeModelOf, type BpeModelData } from './hf-tokenizer-json.js';

/** Load a Hugging Face tokenizer.json (as written by BpeVocabulary.toJSON, or any GPT-2 style one). */
export function loadBpeVocabulary(json: unknown): BpeVocabulary {
  return new BpeVocabulary(fromTokenizerJson(json));
}

const byteLevel = z.looseObject({ type: z.literal('ByteLevel'), add_prefix_space: z.literal(false).optional(), use_regex: z.literal(true).optional() });
const schema = z.looseObject({
  added_tokens: z.array(z.looseObject({ id: z.number().int().min(0), content: z.string().min(1) })).default([]),
  normalizer: z.null().optional(),
  pre_tokenizer: byteLevel,
  decoder: byteLevel.nullable().optional(),
  model: z.looseObject({
    type: z.literal('BPE').optional(),
    vocab: z.record(z.string(), z.number().int().min(0)),
    merges: z.array(z.union([z.string(), z.tuple([z.string(), z.string()])])),
    dropout: z.null().optional(),
    continuing_subword_prefix: z.union([z.null(), z.literal('')]).optional(),
    end_of_word_suffix: z.union([z.null(), z.literal('')]).optional(),
    byte_fallback: z.literal(false).optional(),
    ignore_merges: z.literal(false).optional(),
  }),
});

/**
 * Read a tokenizer.json back. Only what this engine encodes exactly like Hugging Face is accepted
 * (byte-level pre-tokenizer without prefix space, no normalizer, plain BPE); anything else is an
 * error rather than a tokenizer that quietly splits text differently.
 */
export function fromTokenizerJson(json: unknown): BpeModelData {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`not a byte-level BPE tokenizer.json this app can use: "${issue.path.join('.')}" ${issue.message}`);
  }
  const { model, added_tokens } = parsed.data;
  // the caller's vocab object, not zod's copy: a token spelled "__proto__" must survive
  const vocab = (json as { model: { vocab: Record<string, number> } }).model.vocab;
  return bpeModelOf({ vocab, merges: model.merges, added: added_tokens });
}

