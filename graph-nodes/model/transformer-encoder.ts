import { defineNode } from '../../engine/registry/define-node.js';
import { buildTransformer, checkHeads, emitPaddingId, PADDING_PORT, TRANSFORMER_DOCS_COMMON, TRANSFORMER_USES, transformerInternals, transformerParams, type TransformerParams } from './transformer-common.js';
import { transformerEncoderTorch } from './transformer.torch.js';

export const transformerEncoderNode = defineNode<TransformerParams>({
  type: 'model/transformer-encoder',
  family: 'model',
  title: 'Transformer encoder',
  version: 1,
  stage: 'tensor',
  docs: `A bidirectional transformer (BERT style): every position attends to every other, before
and after it. That suits objectives that fill in what is missing from context on both sides
(masked LM, span corruption's encoder, contrastive embeddings); trained on next-token
prediction it would simply look the answer up.

Connect \`ids\` (the token ids the input embeds) when sequences are filled out with [PAD], as
span corruption's, UL2's and captions are: no position then attends to a [PAD] position, so
what the padding holds changes nothing at the real tokens.

${TRANSFORMER_DOCS_COMMON}`,
  params: transformerParams,
  inputs: [
    { name: 'hidden', type: { dtype: 'float32', shape: ['B', 'T', 'D'], role: 'hidden' }, doc: 'token vectors (with positions)' },
    { name: PADDING_PORT.encoder, type: { dtype: 'int32', shape: ['B', 'T'], role: 'token-ids', vocab: 'V' }, doc: 'the token ids the input embeds: [PAD] positions are not attended to', optional: true },
  ],
  outputs: [{ name: 'hidden', type: { dtype: 'float32', shape: ['B', 'T', 'D'], role: 'hidden' }, doc: 'contextual token vectors' }],
  infer: checkHeads,
  internals: transformerInternals,
  torch: transformerEncoderTorch,
  emit: {
    uses: TRANSFORMER_USES,
    code: (e) => `transformerEncoder(${e.config}, ${e.dim('hidden', 2)}, ${e.variable}, ${emitPaddingId(e, PADDING_PORT.encoder)})`,
  },
  build: (ctx) => buildTransformer(ctx, false),
});
