import { z } from 'zod';
import { pinnedTo } from '../../engine/core/diagnostics.js';
import { contiguousBlocks } from './blocks.run.js';
import { defineNode } from '../../engine/registry/define-node.js';
import type { TokenStream } from '../../engine/data/values.js';
import { blocksTorch } from './blocks.torch.js';

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
  stepDims: (p) => ({ B: p.batchSize }),
  torch: blocksTorch,
  emit: {
    uses: ['graph-nodes/batching/blocks.run.ts'],
    code: (e) => `contiguousBlocks(${e.config}, ${e.input('tokens')}, split, ${e.rng})`,
  },
  batch: ({ nodeId, params: p, inputs, split, rng }) => pinnedTo(nodeId, 'tokens', () => contiguousBlocks(p, inputs.tokens as TokenStream, split, rng)),
});
