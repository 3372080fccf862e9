import { z } from 'zod';
import type { TensorType } from '../../engine/core/tensor-type.js';
import { defineNode } from '../../engine/registry/define-node.js';
import { infoNce, pairAccuracy } from './info-nce.run.js';
import { infoNceTorch } from './info-nce.torch.js';

const params = z.strictObject({
  temperature: z.number().min(0.001).max(10).default(0.07),
  learnTemperature: z.boolean().default(true),
  maxScale: z.number().min(1).max(1000).default(100),
});

const VECTORS: TensorType = { dtype: 'float32', shape: ['B', 'E'], role: 'pooled' };

export const infoNceNode = defineNode<z.infer<typeof params>>({
  type: 'loss/info-nce',
  family: 'loss',
  title: 'Contrastive loss (InfoNCE)',
  version: 1,
  stage: 'tensor',
  docs: `The contrastive loss of CLIP: in a batch of B pairs (a_i, b_i) — an image and its caption —
each a_i must pick its own b_i out of all B, and each b_i its own a_i. With unit-length
embeddings the similarities are s * a_i . b_j; the loss is the cross-entropy of picking the
diagonal, over the rows and over the columns, averaged (symmetric InfoNCE). Every other item in
the batch is a negative, so bigger batches make the task harder and the embeddings sharper.

Connect \`labels\` when different pairs can be equally right — two captions that say the same
thing, two images of the same class: every item with a_i's label then counts as a positive of
a_i (the loss is -log of the probability given to all its positives together), instead of
pushing true matches apart as negatives. Without labels, a batch with duplicates cannot reach
a loss near 0.

The scale s = 1 / temperature sets how peaked the choice is. With \`learnTemperature\` it is
learnt as s = exp(logScale), starting at 1 / \`temperature\` (0.07 as in CLIP); after every
update the optimizer clamps logScale to at most ln(\`maxScale\`) (100, as in CLIP), so the loss
cannot chase s to infinity and s can always come back down.

Reports on held-out data: \`pairAccuracy\`, how often an item's most similar partner in the
batch is a positive of it (its own pair, or any with its label), and \`scale\`, the similarity
scale reached.`,
  params,
  inputs: [
    { name: 'a', type: VECTORS, doc: "one tower's embeddings (images), unit length" },
    { name: 'b', type: VECTORS, doc: "the other tower's embeddings (captions), unit length, in the same order" },
    { name: 'labels', type: { dtype: 'int32', shape: ['B'], role: 'label' }, doc: "each pair's class: pairs with the same label are positives of each other", optional: true },
  ],
  outputs: [
    { name: 'loss', type: { dtype: 'float32', shape: [], role: 'loss' }, doc: 'the symmetric InfoNCE loss' },
  ],
  torch: infoNceTorch,
  emit: {
    uses: ['graph-nodes/loss/info-nce.run.ts'],
    code: (e) => `infoNce(${e.config}, ${e.variable})`,
    metrics: () => 'pairAccuracy()',
  },
  build: ({ params: p, variable }) => ({ apply: infoNce(p, variable), metrics: pairAccuracy }),
});
