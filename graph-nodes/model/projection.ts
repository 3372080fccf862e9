import { z } from 'zod';
import { defineNode } from '../../engine/registry/define-node.js';
import { projection } from './projection.run.js';
import { projectionTorch } from './projection.torch.js';

const params = z.strictObject({
  dim: z.number().int().min(2).max(4096).default(64),
  normalize: z.boolean().default(true),
});

export const projectionNode = defineNode<z.infer<typeof params>>({
  type: 'model/projection',
  family: 'model',
  title: 'Projection head',
  version: 1,
  stage: 'tensor',
  docs: `Maps vectors into a shared embedding space of \`dim\` numbers through a learnt matrix, and
(\`normalize\`) scales each to length 1, so the dot product of two is their cosine similarity.
A contrastive model puts one on each tower (image and text) so the two can be compared.`,
  params,
  inputs: [{ name: 'vectors', type: { dtype: 'float32', shape: ['B', 'D'], role: 'pooled' }, doc: 'one vector per item' }],
  outputs: [{ name: 'vectors', type: { dtype: 'float32', shape: ['B', 'E'], role: 'pooled' }, doc: 'embeddings in the shared space' }],
  dims: (p) => ({ E: p.dim }),
  torch: projectionTorch,
  emit: {
    uses: ['graph-nodes/model/projection.run.ts'],
    code: (e) => `projection(${e.config}, ${e.dim('vectors', 1)}, ${e.variable})`,
  },
  build({ params: p, inputs, variable }) {
    const D = inputs.vectors!.type.shape[1];
    if (typeof D !== 'number') throw new Error('the width of the vectors is not known');
    return { apply: projection(p, D, variable) };
  },
});
