import { z } from 'zod';
import { defineNode } from '../../engine/registry/define-node.js';
import { poolSequence } from './pool.run.js';

const params = z.strictObject({ kind: z.enum(['mean', 'first']).default('mean') });

export const poolNode = defineNode<z.infer<typeof params>>({
  type: 'model/pool',
  family: 'model',
  title: 'Pool a sequence',
  version: 1,
  stage: 'tensor',
  docs: `Turns a sequence of token vectors into one vector: \`mean\` averages over the positions
(padding included, so pad every sequence the same way), \`first\` keeps the first position's
vector (BERT's [CLS] reading). The text tower of a contrastive model ends with it.`,
  params,
  inputs: [{ name: 'hidden', type: { dtype: 'float32', shape: ['B', 'T', 'D'], role: 'hidden' }, doc: 'contextual token vectors' }],
  outputs: [{ name: 'vectors', type: { dtype: 'float32', shape: ['B', 'D'], role: 'pooled' }, doc: 'one vector per sequence' }],
  emit: { uses: ['graph-nodes/model/pool.run.ts'], code: (e) => `poolSequence(${e.config})` },
  build: ({ params: p }) => ({ apply: poolSequence(p) }),
});
