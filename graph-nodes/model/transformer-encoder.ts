import { defineNode } from '../../engine/registry/define-node.js';
import { buildTransformer, checkHeads, TRANSFORMER_DOCS_COMMON, TRANSFORMER_USES, transformerParams, type TransformerParams } from './transformer-common.js';

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

${TRANSFORMER_DOCS_COMMON}`,
  params: transformerParams,
  inputs: [{ name: 'hidden', type: { dtype: 'float32', shape: ['B', 'T', 'D'], role: 'hidden' }, doc: 'token vectors (with positions)' }],
  outputs: [{ name: 'hidden', type: { dtype: 'float32', shape: ['B', 'T', 'D'], role: 'hidden' }, doc: 'contextual token vectors' }],
  infer: checkHeads,
  emit: {
    uses: TRANSFORMER_USES,
    code: (e) => `transformerEncoder(${e.config}, ${e.dim('hidden', 2)}, ${e.variable})`,
  },
  build: (ctx) => buildTransformer(ctx, false),
});
