import { z } from 'zod';
import { defineNode } from '../../engine/registry/define-node.js';
import { poolSequence } from './pool.run.js';
import { poolTorch } from './pool.torch.js';

const params = z.strictObject({ kind: z.enum(['mean', 'first']).default('mean') });

export const poolNode = defineNode<z.infer<typeof params>>({
  type: 'model/pool',
  family: 'model',
  title: 'Pool a sequence',
  version: 1,
  stage: 'tensor',
  docs: `Turns a sequence of token vectors into one vector: \`mean\` averages over the positions,
\`first\` keeps the first position's vector (BERT's [CLS] reading). The text tower of a
contrastive model ends with it.

Connect \`ids\` (the token ids the sequence embeds) when sequences are filled out with [PAD]:
the mean then counts only the real tokens, so a caption's vector does not depend on how much
padding follows it.`,
  params,
  inputs: [
    { name: 'hidden', type: { dtype: 'float32', shape: ['B', 'T', 'D'], role: 'hidden' }, doc: 'contextual token vectors' },
    { name: 'ids', type: { dtype: 'int32', shape: ['B', 'T'], role: 'token-ids', vocab: 'V' }, doc: 'the token ids the sequence embeds: the mean skips [PAD] positions', optional: true },
  ],
  outputs: [{ name: 'vectors', type: { dtype: 'float32', shape: ['B', 'D'], role: 'pooled' }, doc: 'one vector per sequence' }],
  torch: poolTorch,
  emit: {
    uses: ['graph-nodes/model/pool.run.ts'],
    code: (e) => `poolSequence(${e.config}, ${e.connected('ids') ? `${e.vocabulary('ids')}.special.pad` : 'undefined'})`,
  },
  build: ({ params: p, inputs }) => ({ apply: poolSequence(p, inputs.ids?.vocabulary?.special.pad) }),
});
