import { z } from 'zod';
import { defineNode } from '../../engine/registry/define-node.js';
import { timestepEmbedding } from './timestep-embedding.run.js';
import { timestepEmbeddingTorch } from './timestep-embedding.torch.js';

const params = z.strictObject({ dModel: z.number().int().min(4).max(4096).multipleOf(2).default(256) });

export const timestepEmbeddingNode = defineNode<z.infer<typeof params>>({
  type: 'model/timestep-embedding',
  family: 'model',
  title: 'Timestep embedding',
  version: 1,
  stage: 'tensor',
  docs: `Tells a denoiser how noisy its input is: each diffusion step t becomes \`dModel\` numbers —
sines and cosines of t at frequencies from 1 down to 1/10000, as the Transformer encodes
positions, then a learnt two-layer perceptron with a GELU. Nearby steps get similar vectors.`,
  params,
  inputs: [{ name: 'timesteps', type: { dtype: 'int32', shape: ['B'], role: 'timestep' }, doc: 'each example\'s diffusion step' }],
  outputs: [{ name: 'vectors', type: { dtype: 'float32', shape: ['B', 'D'], role: 'pooled' }, doc: 'one vector per step' }],
  dims: (p) => ({ D: p.dModel }),
  torch: timestepEmbeddingTorch,
  emit: { uses: ['graph-nodes/model/timestep-embedding.run.ts'], code: (e) => `timestepEmbedding(${e.config}, ${e.variable})` },
  build: ({ params: p, variable }) => ({ apply: timestepEmbedding(p, variable) }),
});
