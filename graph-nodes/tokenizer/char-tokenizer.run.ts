import type { SpecialName } from '../../engine/core/vocabulary.js';
import { CharVocabulary } from '../../engine/data/tokenizers/char-vocabulary.js';
import { tokenStream } from '../../engine/data/tokenizers/token-stream.js';
import type { TextSplits, TokenStream } from '../../engine/data/values.js';

/** A character vocabulary learnt from the training text, and both splits encoded with it. */
export function charTokenizer(p: { specialTokens: readonly SpecialName[]; sentinels: number }, text: TextSplits): { tokens: TokenStream } {
  if (!text.train) {
    throw new Error('the text it receives is empty: there are no characters to build a vocabulary from; give the corpus node some text (check its file or maxChars)');
  }
  return { tokens: tokenStream(CharVocabulary.train(text.train, p), text, 'train') };
}
