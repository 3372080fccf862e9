import { beforeAll, expect, it } from 'vitest';
import { initNodeBackend } from '../../engine/backend/node-backend.js';
import { createNodeDataSource } from '../../engine/data/node-data-source.js';
import { mnistImages } from '../../graph-nodes/data/mnist.run.js';
import { trainDigitClassifier } from '../support/digit-classifier.js';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

// The judge of the diffusion sample's digits must itself be good: issue #4 asks for 97% held out.
// It trains for several minutes on 2 cores, so it runs with PRETRAIN_LAB_SLOW=1 (and in
// `npm run diffusion-check`), not in every `npm test`.
it.skipIf(!process.env.PRETRAIN_LAB_SLOW)('the digit classifier the suite trains reaches 97% on held-out MNIST', { timeout: 1_800_000 }, async () => {
  const { images } = mnistImages({ valFraction: 0.1, maxPerDigit: 0 }, await createNodeDataSource().mnistDigits!());
  const classifier = await trainDigitClassifier(images);
  try {
    console.log(`digit classifier: held-out accuracy ${classifier.heldOutAccuracy.toFixed(4)} on ${images.val.count} images`);
    expect(classifier.heldOutAccuracy).toBeGreaterThanOrEqual(0.97);
  } finally {
    classifier.dispose();
  }
});
