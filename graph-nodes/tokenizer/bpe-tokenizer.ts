import { z } from 'zod';
import { NodeRunError, pinnedTo } from '../../engine/core/diagnostics.js';
import { defineNode } from '../../engine/registry/define-node.js';
import { BpeVocabulary } from '../../engine/data/tokenizers/bpe.js';
import { TOKEN_STREAM, tokenStreamType, sentinelsParam, specialTokensParam } from './tokenizer-ports.js';
import { specialSpellings } from '../../engine/data/tokenizers/specials.js';
import { tokenStream } from '../../engine/data/tokenizers/token-stream.js';
import type { TextSplits } from '../../engine/data/values.js';
import { loadBpeVocabulary } from '../../engine/data/tokenizers/bpe-load.js';
import { bpeTokenizer } from './bpe-tokenizer.run.js';
import { bpeTokenizerTorch } from './bpe-tokenizer.torch.js';

const params = z
  .strictObject({
    specialTokens: specialTokensParam,
    sentinels: sentinelsParam,
    // 256 is the floor: every byte is a token whatever else is asked for
    vocabSize: z.number().int().min(256).max(16384).default(1024),
  })
  .superRefine((p, ctx) => {
    const specials = specialSpellings(p.specialTokens, p.sentinels).length;
    if (p.vocabSize >= 256 && p.vocabSize < 256 + specials) {
      ctx.addIssue({
        code: 'custom',
        path: ['vocabSize'],
        message: `must be at least ${256 + specials}: 256 byte tokens plus ${specials} special token${specials === 1 ? '' : 's'}`,
      });
    }
  });
export type BpeTokenizerParams = z.infer<typeof params>;

export const bpeTokenizerNode = defineNode<BpeTokenizerParams>({
  type: 'tokenizer/bpe',
  family: 'tokenizer',
  title: 'Byte-level BPE tokenizer',
  version: 1,
  stage: 'source',
  docs: `Learns a byte-pair-encoding vocabulary from the training text, the way GPT-2 does.

It starts from the 256 possible bytes of UTF-8 — so any text, in any script, can be encoded and
nothing is ever unknown — and repeatedly merges the most frequent adjacent pair into a new token
until the vocabulary has **vocabSize** tokens. Frequent words become single tokens (" the",
" whale"), rare ones are spelled from pieces. Text is first cut into words, numbers and
punctuation runs (a word keeps its leading space), and merges never cross those cuts.

A bigger vocabulary means shorter sequences (more text per context window) but more embeddings
to learn, each seen less often. **specialTokens** get ids 0, 1, ... in the fixed order
[PAD], [MASK], [BOS], [EOS], [CLS], [SEP], [UNK]; **sentinels** adds T5's <extra_id_0>, ...
The vocabulary is saved as a Hugging Face \`tokenizer.json\`, so the \`tokenizers\` and
\`transformers\` libraries read it and encode text to the same ids.`,
  params,
  // the merges fill the vocabulary up to vocabSize on any corpus of a useful size
  stepDims: (p) => ({ V: p.vocabSize }),
  inputs: [{ name: 'text', type: { dtype: 'string', shape: [], role: 'text' }, doc: 'training and held-out text; merges are learned from the training part' }],
  outputs: [{ name: 'tokens', type: TOKEN_STREAM, doc: 'the text as token ids, with the vocabulary' }],
  infer: ({ params: p }) => ({ outputs: { tokens: tokenStreamType(p) } }),
  torch: bpeTokenizerTorch,
  emit: {
    uses: ['graph-nodes/tokenizer/bpe-tokenizer.run.ts'],
    code: (e) => `bpeTokenizer(${e.config}, ${e.input('text')}${e.saved ? `, ${e.saved}` : ''})`,
  },
  async setup(ctx) {
    const text = ctx.inputs.text as TextSplits | undefined;
    if (ctx.saved === undefined) {
      const tokens = pinnedTo(ctx.nodeId, 'text', () => bpeTokenizer(ctx.params, text ?? { train: '', val: '', documents: [], firstValDocument: -1 }, undefined, ctx.progress).tokens);
      return { outputs: { tokens }, dims: { V: tokens.vocabulary.size }, state: (tokens.vocabulary as BpeVocabulary).toJSON() };
    }
    let vocabulary: BpeVocabulary;
    try {
      vocabulary = loadBpeVocabulary(ctx.saved);
    } catch (e) {
      throw new NodeRunError(ctx.nodeId, `its saved tokenizer.json cannot be restored: ${e instanceof Error ? e.message : String(e)}`);
    }
    return { outputs: { tokens: tokenStream(vocabulary, text, ctx.mode) }, dims: { V: vocabulary.size }, state: vocabulary.toJSON() };
  },
});
