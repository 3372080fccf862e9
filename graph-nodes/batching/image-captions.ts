import { z } from 'zod';
import { NodeRunError } from '../../engine/core/diagnostics.js';
import type { TokenStream } from '../../engine/data/values.js';
import { defineNode } from '../../engine/registry/define-node.js';
import type { ImageSet } from '../data/mnist.run.js';
import { imageCaptionPairs } from './image-captions.run.js';
import { imageCaptionsTorch } from './image-captions.torch.js';

const params = z.strictObject({
  batchSize: z.number().int().min(2).max(4096).default(64),
  captionLength: z.number().int().min(4).max(256).default(32),
});

const NO_PAD = 'needs a [PAD] token to pad captions to one length, but the tokenizer has none: add "pad" to its special tokens';

export const imageCaptionsNode = defineNode<z.infer<typeof params>>({
  type: 'batching/image-captions',
  family: 'batching',
  title: 'Image-caption pairs',
  version: 1,
  stage: 'batch',
  docs: `Batches of (image, caption) pairs for contrastive training, as CLIP is trained: \`batchSize\`
images drawn at random, each with a caption that names its digit in one of several ways
("a handwritten seven", "the digit 7", "an image of a 7", ...), encoded with the tokenizer and
cut or [PAD]-filled to \`captionLength\` tokens. In a batch, each image's own caption is its
positive and every other caption a negative — unless \`labels\` (each pair's digit) goes to the
contrastive loss's \`labels\`: then every caption of the same digit is a positive too, as it
should be, since the captions say no more than the digit. A caption's [PAD] positions are not
content: connect \`captions\` to the text encoder's and the pool's \`ids\` so they are skipped.

Connect \`tokens\` to a tokenizer that read the data node's \`captions\`, so every caption
character is in its vocabulary.`,
  params,
  inputs: [
    { name: 'images', type: { dtype: 'float32', shape: ['N', 'P'], role: 'image' }, doc: 'a labelled image set' },
    { name: 'tokens', type: { dtype: 'int32', shape: ['M'], role: 'token-stream', vocab: 'V' }, doc: "the tokenizer's stream: its vocabulary encodes the captions" },
  ],
  outputs: [
    { name: 'images', type: { dtype: 'float32', shape: ['B', 'P'], role: 'image' }, doc: 'the images, one row of pixels each' },
    { name: 'captions', type: { dtype: 'int32', shape: ['B', 'C'], role: 'token-ids', vocab: 'V' }, doc: 'their captions, as token ids' },
    { name: 'labels', type: { dtype: 'int32', shape: ['B'], role: 'label' }, doc: 'the digit of each pair: pairs of one digit are positives of each other' },
  ],
  dims: (p) => ({ C: p.captionLength }),
  stepDims: (p) => ({ B: p.batchSize }),
  infer({ inputs }) {
    const specials = inputs.tokens?.specials;
    if (specials && !specials.names.includes('pad')) return { issues: [{ port: 'tokens', message: NO_PAD }] };
  },
  prepare({ nodeId, ports }) {
    const vocab = ports.tokens?.vocabulary;
    if (vocab && vocab.special.pad === undefined) throw new NodeRunError(nodeId, NO_PAD, 'tokens');
  },
  torch: imageCaptionsTorch,
  emit: {
    uses: ['graph-nodes/batching/image-captions.run.ts'],
    code: (e) => `imageCaptionPairs(${e.config}, ${e.input('images')}, ${e.vocabulary('tokens')}, split, ${e.rng})`,
  },
  batch: ({ params: p, inputs, split, rng }) => imageCaptionPairs(p, inputs.images as ImageSet, (inputs.tokens as TokenStream).vocabulary, split, rng),
});
