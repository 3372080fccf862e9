import { z } from 'zod';
import { defineNode } from '../../engine/registry/define-node.js';
import { lmHead } from './lm-head.run.js';
import { lmHeadTorch } from './lm-head.torch.js';

const params = z.strictObject({
  vocabSize: z.number().int().min(0).max(1_000_000).default(0),
  bias: z.boolean().default(false),
});

export type LmHeadParams = z.infer<typeof params>;

export const lmHeadNode = defineNode<LmHeadParams>({
  type: 'model/lm-head',
  family: 'model',
  title: 'LM head',
  version: 1,
  stage: 'tensor',
  docs: `Turns each position's vector into one score (logit) per vocabulary token: a softmax of
them is the model's prediction for that position.

Connect \`tiedTable\` to the token embedding's \`table\` to reuse it as the output projection
(tied embeddings): logits = hidden . table^T. Otherwise the head learns its own [D, V] matrix;
its size V is the tokenizer's vocabulary unless \`vocabSize\` (> 0) sets it. \`bias\` adds a
learnt score per token.`,
  params,
  inputs: [
    { name: 'hidden', type: { dtype: 'float32', shape: ['B', 'T', 'D'], role: 'hidden' }, doc: 'contextual token vectors' },
    { name: 'tiedTable', type: { dtype: 'float32', shape: ['V', 'D'], role: 'embedding' }, doc: "the token embedding's table, to tie to", optional: true },
  ],
  outputs: [{ name: 'logits', type: { dtype: 'float32', shape: ['B', 'T', 'V'], role: 'logits' }, doc: 'one score per token, at every position' }],
  // A set size binds V, so a tied table of another size is reported where the two meet.
  dims: (p): Record<string, number> => (p.vocabSize > 0 ? { V: p.vocabSize } : {}),
  infer({ dims }) {
    // An unbound V stays the global symbol V, which the tokenizer fixes once it has seen the data.
    return { outputs: { logits: { dtype: 'float32', shape: [dims.get('B')!, dims.get('T')!, dims.get('V') ?? 'V'], role: 'logits' } } };
  },
  torch: lmHeadTorch,
  emit: {
    uses: ['graph-nodes/model/lm-head.run.ts'],
    code: (e) => `lmHead(${e.config}, ${e.dim('hidden', 2)}, ${e.dim('logits', 2, 'output')}, ${e.connected('tiedTable')}, ${e.variable})`,
  },
  build({ params: p, inputs, outputs, variable }) {
    const D = inputs.hidden!.type.shape[2];
    const V = outputs.logits!.shape[2];
    if (typeof D !== 'number' || typeof V !== 'number') throw new Error('the model width or the vocabulary size is not known yet');
    return { apply: lmHead(p, D, V, inputs.tiedTable !== undefined, variable) };
  },
});
