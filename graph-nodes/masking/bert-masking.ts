import { z } from 'zod';
import { NodeRunError } from '../../engine/core/diagnostics.js';
import type { HostTensor } from '../../engine/core/host-tensor.js';
import { defineNode } from '../../engine/registry/define-node.js';
import { bertMasking } from './bert-masking.run.js';
import { bertMaskingTorch } from './bert-masking.torch.js';

const params = z
  .strictObject({
    rate: z.number().min(0.01).max(0.9).default(0.15),
    maskFraction: z.number().min(0).max(1).default(0.8),
    randomFraction: z.number().min(0).max(1).default(0.1),
  })
  .refine((p) => p.maskFraction + p.randomFraction <= 1, {
    message: 'maskFraction + randomFraction must be at most 1 (the rest is left unchanged)',
    path: ['randomFraction'],
  });

const NO_MASK = 'needs a [MASK] token, but the tokenizer has none: add "mask" to its special tokens';

export const bertMaskingNode = defineNode<z.infer<typeof params>>({
  type: 'masking/bert',
  family: 'masking',
  title: 'BERT masking',
  version: 1,
  stage: 'batch',
  docs: `Masked language modelling, as in BERT: pick \`rate\` of the positions (15% by default);
of those, replace 80% with [MASK], 10% with a random token and leave 10% unchanged. The model
(a bidirectional encoder) sees the whole corrupted block and must recover the original token at
the picked positions only: the loss weights are 1 there and 0 elsewhere. The random and
unchanged cases keep the model from learning that only [MASK] positions matter.`,
  params,
  inputs: [{ name: 'ids', type: { dtype: 'int32', shape: ['B', 'T'], role: 'token-ids', vocab: 'V' }, doc: 'blocks of token ids' }],
  outputs: [
    { name: 'inputs', type: { dtype: 'int32', shape: ['B', 'T'], role: 'token-ids', vocab: 'V' }, doc: 'the corrupted blocks' },
    { name: 'targets', type: { dtype: 'int32', shape: ['B', 'T'], role: 'targets', vocab: 'V' }, doc: 'the original blocks' },
    { name: 'weights', type: { dtype: 'float32', shape: ['B', 'T'], role: 'loss-weights' }, doc: '1 at picked positions, 0 elsewhere' },
  ],
  infer({ inputs }) {
    const specials = inputs.ids?.specials;
    if (specials && !specials.names.includes('mask')) return { issues: [{ port: 'ids', message: NO_MASK }] };
  },
  prepare({ nodeId, ports }) {
    const vocab = ports.ids?.vocabulary;
    if (vocab && vocab.special.mask === undefined) {
      throw new NodeRunError(nodeId, NO_MASK, 'ids');
    }
  },
  torch: bertMaskingTorch,
  emit: {
    uses: ['graph-nodes/masking/bert-masking.run.ts'],
    code: (e) => `bertMasking(${e.config}, ${e.input('ids')}, ${e.vocabulary('ids')}, ${e.rng})`,
  },
  batch: ({ params: p, inputs, ports, rng }) => bertMasking(p, inputs.ids as HostTensor, ports.ids!.vocabulary!, rng),
});
