import type { SpecialName } from '../../engine/core/vocabulary.js';
import { CharVocabulary } from '../../engine/data/tokenizers/char-vocabulary.js';
import { tokenStream } from '../../engine/data/tokenizers/token-stream.js';
import type { TextSplits, TokenStream } from '../../engine/data/values.js';

/**
 * A character vocabulary learnt from the training text (or, given a saved one, that one), and
 * both splits encoded with it.
 */
export function charTokenizer(p: { specialTokens: readonly SpecialName[]; sentinels: number }, text: TextSplits, saved?: unknown): { tokens: TokenStream } {
  if (saved !== undefined) return { tokens: tokenStream(CharVocabulary.fromJSON(saved), text, 'train') };
  if (!text.train) {
    throw new Error('the text it receives is empty: there are no characters to build a vocabulary from; give the corpus node some text (check its file or maxChars)');
  }
  return { tokens: tokenStream(CharVocabulary.train(text.train, p), text, 'train') };
}
