import { z } from 'zod';
import { defineNode } from '../../engine/registry/define-node.js';
import { tokenEmbedding } from './token-embedding.run.js';
import { tokenEmbeddingTorch } from './token-embedding.torch.js';

const params = z.strictObject({
  dModel: z.number().int().min(8).max(2048).default(128),
  initStd: z.number().positive().default(0.02),
});

export type TokenEmbeddingParams = z.infer<typeof params>;

export const tokenEmbeddingNode = defineNode<TokenEmbeddingParams>({
  type: 'model/token-embedding',
  family: 'model',
  title: 'Token embedding',
  version: 1,
  stage: 'tensor',
  docs: `Turns token ids into vectors: a learnt table with one row of \`dModel\` numbers per token
in the vocabulary, started at random (normal, \`initStd\`). Every later layer reads the tokens
only through these rows.

The table itself is also an output, so an LM head can reuse it as its output projection
("tied" embeddings, as in GPT-2 and BERT): fewer parameters, and a token's input and output
vectors learn together.

Connect \`sharedTable\` to another embedding's \`table\` to embed with that table instead of a
table of its own, as T5 does: its encoder and decoder read one shared table (and its LM head is
tied to it), so a sentinel means the same vector on both sides. The two must agree on the
vocabulary and on \`dModel\`.`,
  params,
  inputs: [
    { name: 'ids', type: { dtype: 'int32', shape: ['B', 'T'], role: 'token-ids', vocab: 'V' }, doc: 'token ids' },
    { name: 'sharedTable', type: { dtype: 'float32', shape: ['V', 'D'], role: 'embedding' }, doc: "another embedding's table, to embed with instead of a table of its own", optional: true },
  ],
  outputs: [
    { name: 'hidden', type: { dtype: 'float32', shape: ['B', 'T', 'D'], role: 'hidden' }, doc: 'one vector per token' },
    { name: 'table', type: { dtype: 'float32', shape: ['V', 'D'], role: 'embedding' }, doc: 'the embedding table, for tying an LM head to it' },
  ],
  dims: (p) => ({ D: p.dModel }),
  torch: tokenEmbeddingTorch,
  emit: {
    uses: ['graph-nodes/model/token-embedding.run.ts'],
    code: (e) => `tokenEmbedding(${e.config}, ${e.vocabulary('ids')}.size, ${e.connected('sharedTable')}, ${e.variable})`,
  },
  build({ params: p, inputs, variable }) {
    const vocab = inputs.ids!.type.vocab;
    if (typeof vocab !== 'number') throw new Error('the vocabulary size is not known yet (is a tokenizer connected upstream?)');
    return { apply: tokenEmbedding(p, vocab, inputs.sharedTable !== undefined, variable) };
  },
});
