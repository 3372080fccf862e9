import { z } from 'zod';
import { NodeRunError, pinnedTo } from '../../engine/core/diagnostics.js';
import { defineNode } from '../../engine/registry/define-node.js';
import { mnistImages } from './mnist.run.js';
import { mnistTorch } from './mnist.torch.js';

const params = z.strictObject({
  valFraction: z.number().min(0.01).max(0.5).default(0.15),
  maxPerDigit: z.number().int().min(0).max(100000).default(0),
});

export type MnistParams = z.infer<typeof params>;

export const mnistNode = defineNode<MnistParams>({
  type: 'data/mnist',
  family: 'data',
  title: 'MNIST digits',
  version: 1,
  stage: 'source',
  docs: `Handwritten digits: about 1,000 grey 28x28 images of each digit 0-9 (10,000 in all, from the
\`mnist\` package), pixels from 0 (background) to 1 (ink). Of each digit the last \`valFraction\`
of its images are held out for evaluation and never trained on; \`maxPerDigit\` keeps only the
first so many of each (0 keeps all), for quick experiments.

\`captions\` is the text of every caption a pairing node writes for the digits ("a handwritten
seven", "the digit 7", ...): connect a tokenizer to it so the captions' characters are in its
vocabulary.`,
  params,
  inputs: [],
  outputs: [
    { name: 'images', type: { dtype: 'float32', shape: ['N', 784], role: 'image' }, doc: 'training and held-out images (28 x 28 = 784 pixels each), with their digits' },
    { name: 'captions', type: { dtype: 'string', shape: [], role: 'text' }, doc: 'the captions of every digit, as text for a tokenizer' },
  ],
  torch: mnistTorch,
  emit: {
    uses: ['graph-nodes/data/mnist.run.ts', 'engine/data/node-images.ts'],
    code: (e) => `mnistImages(${e.config}, await readMnistDigits())`,
  },
  async setup(ctx) {
    if (!ctx.data.mnistDigits) throw new NodeRunError(ctx.nodeId, 'MNIST cannot be read here yet: train this graph with the command line (pretrain-lab train)');
    ctx.progress?.('loading the MNIST digits');
    let digits: Float32Array[];
    try {
      digits = await ctx.data.mnistDigits();
    } catch (e) {
      throw new NodeRunError(ctx.nodeId, `could not load MNIST: ${e instanceof Error ? e.message : String(e)}`);
    }
    return { outputs: pinnedTo(ctx.nodeId, undefined, () => mnistImages(ctx.params, digits)) };
  },
});
