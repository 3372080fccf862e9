import { z } from 'zod';
import { NodeRunError } from '../../engine/core/diagnostics.js';
import { defineNode } from '../../engine/registry/define-node.js';
import { CharVocabulary } from '../../engine/data/tokenizers/char-vocabulary.js';
import { TOKEN_STREAM, tokenStreamType, sentinelsParam, specialTokensParam } from '../../engine/data/tokenizers/specials.js';
import { tokenStream } from '../../engine/data/tokenizers/token-stream.js';
import type { TextSplits } from '../../engine/data/values.js';

const params = z.strictObject({
  specialTokens: specialTokensParam,
  sentinels: sentinelsParam,
});
export type CharTokenizerParams = z.infer<typeof params>;

export const charTokenizerNode = defineNode<CharTokenizerParams>({
  type: 'tokenizer/char',
  family: 'tokenizer',
  title: 'Character tokenizer',
  version: 1,
  stage: 'source',
  docs: `Turns text into one token per character: the simplest tokenizer there is.

The vocabulary is every distinct character of the training text, sorted, so a model sees a few
dozen ids and nothing is ever out of reach — but sequences are long (one id per letter), so a
context window covers little text and the model must learn spelling before words.

**specialTokens** are added first and get ids 0, 1, ... in the fixed order
[PAD], [MASK], [BOS], [EOS], [CLS], [SEP], [UNK]; masking nodes need [MASK]. **sentinels**
adds T5's <extra_id_0>, <extra_id_1>, ... for span corruption. A character that appears only
in the held-out text becomes [UNK] if you asked for it, and is dropped otherwise.`,
  params,
  inputs: [{ name: 'text', type: { dtype: 'string', shape: [], role: 'text' }, doc: 'training and held-out text; the vocabulary is learned from the training part' }],
  outputs: [{ name: 'tokens', type: TOKEN_STREAM, doc: 'the text as token ids, with the vocabulary' }],
  infer: ({ params: p }) => ({ outputs: { tokens: tokenStreamType(p) } }),
  async setup(ctx) {
    const text = ctx.inputs.text as TextSplits | undefined;
    let vocabulary: CharVocabulary;
    if (ctx.saved !== undefined) {
      try {
        vocabulary = CharVocabulary.fromJSON(ctx.saved);
      } catch (e) {
        throw new NodeRunError(ctx.nodeId, `its saved vocabulary cannot be restored: ${e instanceof Error ? e.message : String(e)}`);
      }
    } else {
      if (!text?.train) {
        throw new NodeRunError(ctx.nodeId, 'the text it receives is empty: there are no characters to build a vocabulary from; give the corpus node some text (check its file or maxChars)', 'text');
      }
      vocabulary = CharVocabulary.train(text.train, ctx.params);
    }
    return { outputs: { tokens: tokenStream(vocabulary, text, ctx.mode) }, dims: { V: vocabulary.size }, state: vocabulary.toJSON() };
  },
});
