import { z } from 'zod';
import { NodeRunError } from '../../engine/core/diagnostics.js';
import { hostInt } from '../../engine/core/host-tensor.js';
import { defineNode } from '../../engine/registry/define-node.js';
import type { TokenStream } from '../../engine/data/values.js';

const params = z.strictObject({
  blockSize: z.number().int().min(2).max(4096).default(65),
  batchSize: z.number().int().min(1).max(1024).default(16),
});

export const blocksNode = defineNode<z.infer<typeof params>>({
  type: 'batching/blocks',
  family: 'batching',
  title: 'Fixed-length blocks',
  version: 1,
  stage: 'batch',
  docs: `Cuts the token stream into batches of fixed-length blocks.

Each batch holds \`batchSize\` blocks of \`blockSize\` consecutive tokens, starting at offsets
drawn at random from the split (training or held-out) with the graph's seed, so the same seed
always gives the same batches. A causal shift after it turns a block of T tokens into T-1
inputs and the T-1 tokens that follow them.`,
  params,
  inputs: [{ name: 'tokens', type: { dtype: 'int32', shape: ['N'], role: 'token-stream', vocab: 'V' }, doc: 'a token stream from a tokenizer' }],
  outputs: [{ name: 'ids', type: { dtype: 'int32', shape: ['B', 'T'], role: 'token-ids', vocab: 'V' }, doc: 'a batch of blocks' }],
  dims: (p) => ({ T: p.blockSize }),
  batch({ nodeId, params: p, inputs, split, rng }) {
    const stream = (inputs.tokens as TokenStream)[split];
    const T = p.blockSize;
    if (stream.length < T) {
      const where = split === 'train' ? 'training' : 'held-out';
      throw new NodeRunError(nodeId, `the ${where} text has ${stream.length} tokens, fewer than one block of ${T}; use a bigger corpus, a larger held-out fraction or a smaller block size`, 'tokens');
    }
    const out = hostInt([p.batchSize, T]);
    const data = out.data as Int32Array;
    for (let b = 0; b < p.batchSize; b++) {
      const start = rng.int(stream.length - T + 1);
      data.set(stream.subarray(start, start + T), b * T);
    }
    return { ids: out };
  },
});
