import { z } from 'zod';
import { NodeRunError } from '../../engine/core/diagnostics.js';
import { defineNode } from '../../engine/registry/define-node.js';
import { CharVocabulary } from '../../engine/data/tokenizers/char-vocabulary.js';
import { TOKEN_STREAM, tokenStreamType, sentinelsParam, specialTokensParam } from './tokenizer-ports.js';
import { tokenStream } from '../../engine/data/tokenizers/token-stream.js';
import type { TextSplits, TokenStream } from '../../engine/data/values.js';
import { charTokenizer, droppedCharacters } from './char-tokenizer.run.js';
import { charTokenizerTorch } from './char-tokenizer.torch.js';

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
in the held-out text becomes [UNK] if you asked for it, and is dropped otherwise — and so is a
character of a new corpus that a vocabulary restored from a checkpoint (continued pretraining)
never saw. Either way the run says which characters, and how many, when it starts.`,
  params,
  inputs: [{ name: 'text', type: { dtype: 'string', shape: [], role: 'text' }, doc: 'training and held-out text; the vocabulary is learned from the training part' }],
  outputs: [{ name: 'tokens', type: TOKEN_STREAM, doc: 'the text as token ids, with the vocabulary' }],
  infer: ({ params: p }) => ({ outputs: { tokens: tokenStreamType(p) } }),
  torch: charTokenizerTorch,
  emit: {
    uses: ['graph-nodes/tokenizer/char-tokenizer.run.ts'],
    code: (e) => `charTokenizer(${e.config}, ${e.input('text')}, ${e.saved ?? 'undefined'}, (m) => console.warn(${JSON.stringify(`node ${e.nodeId}: warning: `)} + m))`,
  },
  async setup(ctx) {
    const text = ctx.inputs.text as TextSplits | undefined;
    if (ctx.saved === undefined) {
      let tokens: TokenStream;
      try {
        tokens = charTokenizer(ctx.params, text ?? { train: '', val: '', documents: [], firstValDocument: -1 }, undefined, ctx.warn).tokens;
      } catch (e) {
        throw new NodeRunError(ctx.nodeId, e instanceof Error ? e.message : String(e), 'text');
      }
      return { outputs: { tokens }, dims: { V: tokens.vocabulary.size }, state: (tokens.vocabulary as CharVocabulary).toJSON() };
    }
    let vocabulary: CharVocabulary;
    try {
      vocabulary = CharVocabulary.fromJSON(ctx.saved);
    } catch (e) {
      throw new NodeRunError(ctx.nodeId, `its saved vocabulary cannot be restored: ${e instanceof Error ? e.message : String(e)}`);
    }
    const dropped = ctx.mode === 'train' && text ? droppedCharacters(vocabulary, text, true) : null;
    if (dropped) ctx.warn?.(dropped);
    return { outputs: { tokens: tokenStream(vocabulary, text, ctx.mode) }, dims: { V: vocabulary.size }, state: vocabulary.toJSON() };
  },
});
