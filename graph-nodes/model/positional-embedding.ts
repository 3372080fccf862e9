import { z } from 'zod';
import { defineNode } from '../../engine/registry/define-node.js';
import { positionalEmbedding } from './positional-embedding.run.js';
import { positionalEmbeddingTorch } from './positional-embedding.torch.js';

const params = z.strictObject({
  kind: z.enum(['learned', 'sinusoidal']).default('learned'),
  maxLength: z.number().int().min(1).max(65536).default(256),
});

export type PositionalEmbeddingParams = z.infer<typeof params>;

export const positionalEmbeddingNode = defineNode<PositionalEmbeddingParams>({
  type: 'model/positional-embedding',
  family: 'model',
  title: 'Positional embedding',
  version: 1,
  stage: 'tensor',
  docs: `Attention by itself does not know the order of tokens: this adds a vector that depends on
the position to every token's vector.

- \`learned\`: one trained vector per position (GPT-2, BERT); the model cannot read sequences
  longer than \`maxLength\`.
- \`sinusoidal\`: fixed sines and cosines of different frequencies (the original Transformer);
  nothing to learn.

Sequences may be shorter than \`maxLength\` (prompts when sampling); longer ones are an error.`,
  params,
  inputs: [{ name: 'hidden', type: { dtype: 'float32', shape: ['B', 'T', 'D'], role: 'hidden' }, doc: 'token vectors' }],
  outputs: [{ name: 'hidden', type: { dtype: 'float32', shape: ['B', 'T', 'D'], role: 'hidden' }, doc: 'token vectors with their position added' }],
  infer({ params: p, dims }) {
    const T = dims.get('T');
    if (typeof T === 'number' && T > p.maxLength) {
      return { issues: [{ port: 'hidden', message: `sequences have ${T} positions but maxLength is ${p.maxLength}: raise maxLength to at least ${T}` }] };
    }
  },
  torch: positionalEmbeddingTorch,
  emit: {
    uses: ['graph-nodes/model/positional-embedding.run.ts'],
    code: (e) => `positionalEmbedding(${e.config}, ${e.dim('hidden', 2)}, ${e.variable})`,
  },
  build({ params: p, inputs, variable }) {
    const D = inputs.hidden!.type.shape[2];
    if (typeof D !== 'number') throw new Error('the model width D is not known');
    return { apply: positionalEmbedding(p, D, variable) };
  },
});
