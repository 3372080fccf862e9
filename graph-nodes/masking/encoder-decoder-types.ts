import type { Dim, SpecialTokens, TensorType } from '../../engine/core/tensor-type.js';
import type { SpecialName } from '../../engine/core/vocabulary.js';
import type { NodeIssue } from '../../engine/registry/define-node.js';

/** What every encoder-decoder objective (span corruption, UL2) says when the tokenizer lacks [PAD]. */
export const NO_PAD = 'needs a [PAD] token (padding and the decoder start token), but the tokenizer has none: add "pad" to its special tokens';

/** The outputs every encoder-decoder objective gives: encoder input [B,S], decoder sides [B,L]. */
export function encoderDecoderTypes(B: Dim, S: Dim, L: Dim, V: Dim): Record<'inputs' | 'targets' | 'decoderInputs' | 'weights', TensorType> {
  return {
    inputs: { dtype: 'int32', shape: [B, S], role: 'token-ids', vocab: V },
    targets: { dtype: 'int32', shape: [B, L], role: 'targets', vocab: V },
    decoderInputs: { dtype: 'int32', shape: [B, L], role: 'token-ids', vocab: V },
    weights: { dtype: 'float32', shape: [B, L], role: 'loss-weights' },
  };
}

/** The fixed sizes an encoder-decoder objective gives a block, and the sentinels it needs. */
export interface EncoderDecoderLayout {
  inputLength: number;
  targetLength: number;
  sentinels: number;
}

/**
 * What span corruption and UL2 infer alike: once the block length T is known, check it, size the
 * encoder [B,S] and decoder [B,L] sides, and ask the tokenizer for [PAD], whatever `needs` asks
 * for, and enough sentinels.
 */
export function inferEncoderDecoder(
  dims: ReadonlyMap<string, Dim>,
  specials: SpecialTokens | undefined,
  o: {
    check(T: number): NodeIssue[];
    layout(T: number): EncoderDecoderLayout;
    needs?(names: readonly SpecialName[]): NodeIssue[];
    fewSentinels(have: number, layout: EncoderDecoderLayout): string;
  },
): { outputs: Record<'inputs' | 'targets' | 'decoderInputs' | 'weights', TensorType>; issues: NodeIssue[] } {
  const T = dims.get('T')!;
  let S: Dim = 'S';
  let L: Dim = 'L';
  const issues: NodeIssue[] = [];
  if (typeof T === 'number') {
    issues.push(...o.check(T));
    if (issues.length === 0) {
      const l = o.layout(T);
      S = l.inputLength;
      L = l.targetLength;
      if (specials && !specials.names.includes('pad')) issues.push({ port: 'ids', message: NO_PAD });
      if (specials) issues.push(...(o.needs?.(specials.names) ?? []));
      if (specials && specials.sentinels < l.sentinels) issues.push({ port: 'ids', message: o.fewSentinels(specials.sentinels, l) });
    }
  }
  return { outputs: encoderDecoderTypes(dims.get('B')!, S, L, dims.get('V')!), issues };
}
