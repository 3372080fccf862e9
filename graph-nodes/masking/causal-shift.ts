import { z } from 'zod';
import { hostInt, type HostTensor } from '../../engine/core/host-tensor.js';
import { defineNode } from '../../engine/registry/define-node.js';

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
    const T = dims.get('T')!;
    if (typeof T === 'number' && T < 2) return { issues: [{ port: 'ids', message: 'blocks must hold at least 2 tokens to predict a next one' }] };
    const t = typeof T === 'number' ? T - 1 : `${T}-1`;
    const B = dims.get('B')!;
    const V = dims.get('V')!;
    return {
      outputs: {
        inputs: { dtype: 'int32', shape: [B, t], role: 'token-ids', vocab: V },
        targets: { dtype: 'int32', shape: [B, t], role: 'targets', vocab: V },
      },
    };
  },
  batch({ inputs }) {
    const ids = inputs.ids as HostTensor;
    const [B, T] = ids.shape as [number, number];
    const x = hostInt([B, T - 1]);
    const y = hostInt([B, T - 1]);
    for (let b = 0; b < B; b++) {
      const row = (ids.data as Int32Array).subarray(b * T, (b + 1) * T);
      (x.data as Int32Array).set(row.subarray(0, T - 1), b * (T - 1));
      (y.data as Int32Array).set(row.subarray(1), b * (T - 1));
    }
    return { inputs: x, targets: y };
  },
});
