import type { SpecialName } from '../../engine/core/vocabulary.js';
import { BpeVocabulary } from '../../engine/data/tokenizers/bpe.js';
import { bpeModelOf, type HfTokenizerJson } from '../../engine/data/tokenizers/hf-tokenizer-json.js';
import { tokenStream } from '../../engine/data/tokenizers/token-stream.js';
import type { TextSplits, TokenStream } from '../../engine/data/values.js';

/**
 * A byte-level BPE vocabulary learnt from the training text (or, given a saved tokenizer.json
 * of a run, that one), and both splits encoded with it.
 */
export function bpeTokenizer(
  p: { vocabSize: number; specialTokens: readonly SpecialName[]; sentinels: number },
  text: TextSplits,
  saved?: unknown,
  progress?: (message: string) => void,
): { tokens: TokenStream } {
  if (saved !== undefined) {
    const json = saved as HfTokenizerJson;
    const vocabulary = new BpeVocabulary(bpeModelOf({ vocab: json.model.vocab, merges: json.model.merges, added: json.added_tokens }));
    return { tokens: tokenStream(vocabulary, text, 'train') };
  }
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
