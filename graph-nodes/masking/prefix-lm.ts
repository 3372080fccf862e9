import { z } from 'zod';
import type { HostTensor } from '../../engine/core/host-tensor.js';
import { defineNode } from '../../engine/registry/define-node.js';
import { shiftedTypes } from './next-token.js';
import { prefixLmSplit } from './prefix-lm.run.js';
import { prefixLmTorch } from './prefix-lm.torch.js';

export { prefixLength } from './prefix-lm.run.js';

const params = z
  .strictObject({
    split: z.enum(['random', 'fixed']).default('random'),
    /** `fixed`: the share of each block that is prefix */
    fraction: z.number().min(0).max(1).default(0.5),
    /** `random`: the prefix share is drawn uniformly from [minFraction, maxFraction] */
    minFraction: z.number().min(0).max(1).default(0),
    maxFraction: z.number().min(0).max(1).default(1),
  })
  .refine((p) => p.minFraction <= p.maxFraction, { message: 'minFraction must be at most maxFraction', path: ['maxFraction'] });

export type PrefixLmParams = z.infer<typeof params>;

export const prefixLmNode = defineNode<PrefixLmParams>({
  type: 'masking/prefix-lm',
  family: 'masking',
  title: 'Prefix-LM split',
  version: 1,
  stage: 'batch',
  docs: `Turns blocks into a prefix-LM task (T5's prefix LM, UniLM, one of UL2's denoisers): each
block is cut in two, a prefix the model reads with attention in both directions, and a
continuation it must write left to right, as a causal LM would. The loss counts the
continuation only.

As in a causal shift, the inputs are every token but the last and the targets every token but
the first. With a prefix of p tokens, positions 0..p-1 attend to the whole prefix; the first
continuation token is predicted from position p-1 (which sees only the prefix), and every later
position sees the prefix and the continuation up to itself. The \`weights\` are 0 where the
target is still a prefix token and 1 where it belongs to the continuation. Wire \`prefix\` to a
transformer decoder's \`prefix\` input, \`weights\` to the cross-entropy's.

\`split\`: \`random\` draws each block's prefix share uniformly from [\`minFraction\`,
\`maxFraction\`] (seeded, so runs repeat); \`fixed\` cuts every block at \`fraction\`. A prefix
of 0 is plain next-token prediction.`,
  params,
  inputs: [{ name: 'ids', type: { dtype: 'int32', shape: ['B', 'T'], role: 'token-ids', vocab: 'V' }, doc: 'blocks of token ids' }],
  outputs: [
    { name: 'inputs', type: { dtype: 'int32', shape: ['B', 'T'], role: 'token-ids', vocab: 'V' }, doc: 'tokens 0..T-2 of each block' },
    { name: 'targets', type: { dtype: 'int32', shape: ['B', 'T'], role: 'targets', vocab: 'V' }, doc: 'tokens 1..T-1: what each position must predict' },
    { name: 'weights', type: { dtype: 'float32', shape: ['B', 'T'], role: 'loss-weights' }, doc: '0 where the target is in the prefix, 1 on the continuation' },
    { name: 'prefix', type: { dtype: 'int32', shape: ['B'], role: 'attention-mask' }, doc: 'each block\'s prefix length, for the decoder\'s attention' },
  ],
  infer({ dims }) {
    const r = shiftedTypes(dims);
    if ('issue' in r) return r.issue;
    const B = dims.get('B')!;
    return {
      outputs: {
        inputs: r.inputs,
        targets: r.targets,
        weights: { dtype: 'float32', shape: [B, r.t], role: 'loss-weights' },
        prefix: { dtype: 'int32', shape: [B], role: 'attention-mask' },
      },
    };
  },
  torch: prefixLmTorch,
  emit: {
    uses: ['graph-nodes/masking/prefix-lm.run.ts'],
    code: (e) => `prefixLmSplit(${e.config}, ${e.input('ids')}, ${e.rng})`,
  },
  batch: ({ params: p, inputs, rng }) => prefixLmSplit(p, inputs.ids as HostTensor, rng),
});
