import { z } from 'zod';
import { defineNode } from '../../engine/registry/define-node.js';
import { imageEncoder } from './image-encoder.run.js';
import { imageEncoderTorch } from './image-encoder.torch.js';

const params = z.strictObject({
  hidden: z.number().int().min(8).max(8192).default(256),
  dModel: z.number().int().min(8).max(4096).default(128),
});

export const imageEncoderNode = defineNode<z.infer<typeof params>>({
  type: 'model/image-encoder',
  family: 'model',
  title: 'Image encoder (MLP)',
  version: 1,
  stage: 'tensor',
  docs: `Turns each image into one vector: its pixels, as one row, through a two-layer perceptron —
a learnt layer of \`hidden\` units, a GELU, and a learnt layer of \`dModel\` outputs. Small and
quick, and enough for 28x28 digits; the image tower of a contrastive (CLIP-style) model.`,
  params,
  inputs: [{ name: 'images', type: { dtype: 'float32', shape: ['B', 'P'], role: 'image' }, doc: 'images, one row of pixels each' }],
  outputs: [{ name: 'vectors', type: { dtype: 'float32', shape: ['B', 'D'], role: 'pooled' }, doc: 'one vector per image' }],
  dims: (p) => ({ D: p.dModel }),
  torch: imageEncoderTorch,
  emit: {
    uses: ['graph-nodes/model/image-encoder.run.ts'],
    code: (e) => `imageEncoder(${e.config}, ${e.dim('images', 1)}, ${e.variable})`,
  },
  build({ params: p, inputs, variable }) {
    const P = inputs.images!.type.shape[1];
    if (typeof P !== 'number') throw new Error('the number of pixels per image is not known');
    return { apply: imageEncoder(p, P, variable) };
  },
});
