import type { Dim, TensorType } from '../../engine/core/tensor-type.js';

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
