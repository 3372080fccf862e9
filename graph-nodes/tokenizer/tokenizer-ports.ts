import { z } from 'zod';
import type { TensorType } from '../../engine/core/tensor-type.js';
import type { SpecialName } from '../../engine/core/vocabulary.js';
import { SPECIAL_NAMES } from '../../engine/data/tokenizers/specials.js';

/** The params every tokenizer node shares, so both nodes describe special tokens the same way. */
export const specialTokensParam = z.array(z.enum(SPECIAL_NAMES)).default(['pad', 'mask']);
export const sentinelsParam = z.number().int().min(0).max(100).default(0);

/** A tokenizer's `tokens` output as declared... */
export const TOKEN_STREAM: TensorType = { dtype: 'int32', shape: ['N'], role: 'token-stream', vocab: 'V' };

/** ...and as inferred, with the special tokens its settings ask for. */
export function tokenStreamType(p: { specialTokens: readonly SpecialName[]; sentinels: number }): TensorType {
  return { ...TOKEN_STREAM, specials: { names: p.specialTokens, sentinels: p.sentinels } };
}
