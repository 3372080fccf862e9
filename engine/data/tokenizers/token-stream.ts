import type { Vocabulary } from '../../core/vocabulary.js';
import type { TextSplits, TokenStream } from '../values.js';

/** Encode both splits; in inference mode nothing is encoded (sampling needs only the vocabulary). */
export function tokenStream(vocabulary: Vocabulary, text: TextSplits | undefined, mode: 'train' | 'inference'): TokenStream {
  if (mode === 'inference' || !text) return { train: new Int32Array(0), val: new Int32Array(0), vocabulary };
  return { train: Int32Array.from(vocabulary.encode(text.train)), val: Int32Array.from(vocabulary.encode(text.val)), vocabulary };
}
