import type { SpecialName } from '../../engine/core/vocabulary.js';
import { BpeVocabulary } from '../../engine/data/tokenizers/bpe.js';
import { tokenStream } from '../../engine/data/tokenizers/token-stream.js';
import type { TextSplits, TokenStream } from '../../engine/data/values.js';

/** A byte-level BPE vocabulary learnt from the training text, and both splits encoded with it. */
export function bpeTokenizer(
  p: { vocabSize: number; specialTokens: readonly SpecialName[]; sentinels: number },
  text: TextSplits,
  progress?: (message: string) => void,
): { tokens: TokenStream } {
  if (!text.train) {
    throw new Error('the text it receives is empty: there is nothing to learn merges from; give the corpus node some text (check its file or maxChars)');
  }
  progress?.(`learning a ${p.vocabSize}-token BPE vocabulary from ${text.train.length.toLocaleString('en-US')} characters`);
  const vocabulary = BpeVocabulary.train(text.train, {
    vocabSize: p.vocabSize,
    specialTokens: p.specialTokens,
    sentinels: p.sentinels,
    onProgress: (learned, total) => progress?.(`learned ${learned} of ${total} BPE merges`),
  });
  progress?.('encoding the text with the BPE vocabulary');
  return { tokens: tokenStream(vocabulary, text, 'train') };
}
