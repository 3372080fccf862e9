import type { SpecialName } from '../../engine/core/vocabulary.js';
import { CharVocabulary } from '../../engine/data/tokenizers/char-vocabulary.js';
import { tokenStream } from '../../engine/data/tokenizers/token-stream.js';
import type { TextSplits, TokenStream } from '../../engine/data/values.js';

/**
 * What a character vocabulary drops from the text it encodes, said plainly, or null when it drops
 * nothing. A saved vocabulary (continued pretraining) may lack characters of the new corpus; a
 * learnt one, characters only the held-out text has.
 */
export function droppedCharacters(vocabulary: CharVocabulary, text: TextSplits, saved: boolean): string | null {
  const counts = vocabulary.unknownCharacters(text.train);
  for (const [ch, n] of vocabulary.unknownCharacters(text.val)) counts.set(ch, (counts.get(ch) ?? 0) + n);
  if (counts.size === 0) return null;
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const listed = [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([ch, n]) => `${JSON.stringify(ch)} x${n}`)
    .join(', ');
  const which = saved ? "the saved vocabulary (the checkpoint's tokenizer never saw them)" : 'the vocabulary learnt from the training text (they occur only in the held-out text)';
  return `${total} character${total === 1 ? '' : 's'} of the text (${counts.size} distinct: ${listed}${counts.size > 12 ? ', ...' : ''}) ${total === 1 ? 'is' : 'are'} not in ${which} and ${total === 1 ? 'is' : 'are'} dropped, so "a/b" would read "ab"; give the tokenizer ${saved ? 'that trained the checkpoint ' : ''}an [UNK] token to keep their place`;
}

/**
 * A character vocabulary learnt from the training text (or, given a saved one, that one), and
 * both splits encoded with it. `warn` hears about characters the vocabulary has to drop.
 */
export function charTokenizer(
  p: { specialTokens: readonly SpecialName[]; sentinels: number },
  text: TextSplits,
  saved?: unknown,
  warn?: (message: string) => void,
): { tokens: TokenStream } {
  if (saved === undefined && !text.train) {
    throw new Error('the text it receives is empty: there are no characters to build a vocabulary from; give the corpus node some text (check its file or maxChars)');
  }
  const vocabulary = saved !== undefined ? CharVocabulary.fromJSON(saved) : CharVocabulary.train(text.train, p);
  const dropped = warn ? droppedCharacters(vocabulary, text, saved !== undefined) : null;
  if (dropped) warn!(dropped);
  return { tokens: tokenStream(vocabulary, text, 'train') };
}
