import { defineNode } from '../../engine/registry/define-node.js';
import { buildTransformer, checkHeads, emitPaddingId, PADDING_PORT, TRANSFORMER_DOCS_COMMON, TRANSFORMER_USES, transformerInternals, transformerParams, type TransformerParams } from './transformer-common.js';
import { transformerDecoderTorch } from './transformer.torch.js';

export const transformerDecoderNode = defineNode<TransformerParams>({
  type: 'model/transformer-decoder',
  family: 'model',
  title: 'Transformer decoder',
  version: 1,
  stage: 'tensor',
  docs: `A causal transformer (GPT style): position t attends only to positions 0..t, never to
the future. Paired with next-token targets this is a causal LM, the objective that makes a
model a generator.

Connect \`memory\` (the output of an encoder) to add cross-attention to every block, after its
self-attention: each position then also reads the whole encoded input, as in T5's decoder.
Connect \`memoryIds\` (the ids the encoder read) too when they are filled out with [PAD]: the
cross-attention then reads none of the [PAD] positions.

Connect \`prefix\` (per-example prefix lengths from a prefix-LM split) to make it a prefix LM:
in example b the first prefix[b] positions attend to each other in both directions, and every
later position attends causally to what came before it, the whole prefix included. Where no
prefix lengths arrive (an output node sampling text) it is plainly causal.

${TRANSFORMER_DOCS_COMMON}`,
  params: transformerParams,
  inputs: [
    { name: 'hidden', type: { dtype: 'float32', shape: ['B', 'T', 'D'], role: 'hidden' }, doc: 'token vectors (with positions)' },
    { name: 'memory', type: { dtype: 'float32', shape: ['B', 'S', 'D'], role: 'hidden' }, doc: 'encoder output to cross-attend to', optional: true },
    { name: PADDING_PORT.decoder, type: { dtype: 'int32', shape: ['B', 'S'], role: 'token-ids', vocab: 'V' }, doc: "the ids the memory's encoder read: their [PAD] positions are not cross-attended to", optional: true },
    { name: 'prefix', type: { dtype: 'int32', shape: ['B'], role: 'attention-mask' }, doc: 'prefix lengths: positions before them attend both ways (prefix LM)', optional: true },
  ],
  outputs: [{ name: 'hidden', type: { dtype: 'float32', shape: ['B', 'T', 'D'], role: 'hidden' }, doc: 'contextual token vectors' }],
  infer: checkHeads,
  internals: transformerInternals,
  torch: transformerDecoderTorch,
  emit: {
    uses: TRANSFORMER_USES,
    code: (e) => `transformerDecoder(${e.config}, ${e.dim('hidden', 2)}, ${e.connected('memory')}, ${e.variable}, ${emitPaddingId(e, PADDING_PORT.decoder)})`,
  },
  build: (ctx) => buildTransformer(ctx, true),
});
