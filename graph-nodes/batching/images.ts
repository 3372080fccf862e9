import { z } from 'zod';
import { defineNode } from '../../engine/registry/define-node.js';
import type { ImageSet } from '../data/mnist.run.js';
import { imageBatch } from './images.run.js';
import { imageBatchTorch } from './images.torch.js';

const params = z.strictObject({ batchSize: z.number().int().min(1).max(4096).default(128) });

export const imageBatchNode = defineNode<z.infer<typeof params>>({
  type: 'batching/images',
  family: 'batching',
  title: 'Image batches',
  version: 1,
  stage: 'batch',
  docs: `Batches of \`batchSize\` images drawn at random from the split (training or held-out), one
row of pixels each, with the graph's seed: the same seed gives the same batches.`,
  params,
  stepDims: (p) => ({ B: p.batchSize }),
  inputs: [{ name: 'images', type: { dtype: 'float32', shape: ['N', 'P'], role: 'image' }, doc: 'a labelled image set' }],
  outputs: [{ name: 'images', type: { dtype: 'float32', shape: ['B', 'P'], role: 'image' }, doc: 'a batch of images' }],
  torch: imageBatchTorch,
  emit: { uses: ['graph-nodes/batching/images.run.ts'], code: (e) => `imageBatch(${e.config}, ${e.input('images')}, split, ${e.rng})` },
  batch: ({ params: p, inputs, split, rng }) => imageBatch(p, inputs.images as ImageSet, split, rng),
});
