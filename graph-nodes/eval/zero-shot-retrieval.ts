import { z } from 'zod';
import { NodeRunError, pinnedToAsync } from '../../engine/core/diagnostics.js';
import { defineNode } from '../../engine/registry/define-node.js';
import type { ImageSet } from '../data/mnist.run.js';
import { zeroShotRetrieval } from './zero-shot-retrieval.run.js';
import { zeroShotRetrievalTorch } from './zero-shot-retrieval.torch.js';

const params = z.strictObject({
  images: z.number().int().min(0).max(100000).default(1000),
});

export const zeroShotRetrievalNode = defineNode<z.infer<typeof params>>({
  type: 'eval/zero-shot-retrieval',
  family: 'eval',
  title: 'Zero-shot and retrieval',
  version: 1,
  stage: 'eval',
  docs: `What a contrastive image-text model can do without any labels, measured on \`images\`
held-out images (0: all of them), spread over every digit:
- **zero-shot accuracy**: each image is given the digit whose captions it is most similar to —
  every caption template of each digit embedded and averaged (CLIP's prompt ensembling).
- **retrieval**: for each image, are the captions most similar to it (1 or 5 of the distinct
  captions: every template of every digit) of its digit — and for each caption, the images? A
  caption names only the digit, so any image of that digit counts as a hit.
Connect \`imageEmbedding\` and \`textEmbedding\` to the two towers' projections, and \`images\`
to the data node.`,
  params,
  inputs: [
    { name: 'imageEmbedding', type: { dtype: 'float32', shape: ['B', 'E'], role: 'pooled' }, doc: "the image tower's embeddings" },
    { name: 'textEmbedding', type: { dtype: 'float32', shape: ['B', 'E'], role: 'pooled' }, doc: "the caption tower's embeddings" },
    { name: 'images', type: { dtype: 'float32', shape: ['N', 'P'], role: 'image' }, doc: 'the labelled images, for their held-out split' },
  ],
  outputs: [],
  torch: zeroShotRetrievalTorch,
  emit: {
    uses: ['graph-nodes/eval/zero-shot-retrieval.run.ts'],
    code: (e) => `zeroShotRetrieval(${e.config}, ${e.model('imageEmbedding')}, ${e.model('textEmbedding')}, ${e.input('images')})`,
  },
  evaluate: ({ nodeId, params: p, model, inputs }) => {
    const images = inputs.images as ImageSet | undefined;
    if (!images) throw new NodeRunError(nodeId, 'is not connected to the images of a data node', 'images');
    return pinnedToAsync(nodeId, undefined, () => zeroShotRetrieval(p, model('imageEmbedding'), model('textEmbedding'), images));
  },
});
