import { z } from 'zod';
import type { HostTensor } from '../../engine/core/host-tensor.js';
import { shiftBlocks, shiftedTypes } from './next-token.js';
import { defineNode } from '../../engine/registry/define-node.js';
import { causalShiftTorch } from './causal-shift.torch.js';

const params = z.strictObject({});

export const causalShiftNode = defineNode<z.infer<typeof params>>({
  type: 'masking/causal-shift',
  family: 'masking',
  title: 'Causal shift (next token)',
  version: 1,
  stage: 'batch',
  docs: `Turns blocks into a next-token prediction task, the objective of GPT-style causal LMs.

The inputs are every token but the last, the targets every token but the first: position t
must predict token t+1 having seen only tokens up to t (pair it with a causal decoder, or
the model can simply look the answer up). A block of T tokens gives T-1 predictions.`,
  params,
  inputs: [{ name: 'ids', type: { dtype: 'int32', shape: ['B', 'T'], role: 'token-ids', vocab: 'V' }, doc: 'blocks of token ids' }],
  outputs: [
    { name: 'inputs', type: { dtype: 'int32', shape: ['B', 'T'], role: 'token-ids', vocab: 'V' }, doc: 'tokens 0..T-2 of each block' },
    { name: 'targets', type: { dtype: 'int32', shape: ['B', 'T'], role: 'targets', vocab: 'V' }, doc: 'tokens 1..T-1: what each position must predict' },
  ],
  infer({ dims }) {
    const r = shiftedTypes(dims);
    return 'issue' in r ? r.issue : { outputs: { inputs: r.inputs, targets: r.targets } };
  },
  torch: causalShiftTorch,
  emit: {
    uses: ['graph-nodes/masking/next-token.run.ts'],
    code: (e) => `shiftBlocks(${e.input('ids')})`,
  },
  batch: ({ inputs }) => shiftBlocks(inputs.ids as HostTensor),
});
