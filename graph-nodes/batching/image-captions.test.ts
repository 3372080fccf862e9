import { describe, expect, it } from 'vitest';
import { CharVocabulary } from '../../engine/data/tokenizers/char-vocabulary.js';
import { inferNode } from '../../test/support/tensor-node-harness.js';
import { imageCaptionsNode } from './image-captions.js';
import { captionIds } from './image-captions.run.js';

// The pairing itself is tested on real MNIST in graph-nodes/data/mnist.test.ts.
describe('batching/image-captions', () => {
  it('cuts or pads captions to one length with [PAD]', () => {
    const vocab = CharVocabulary.train('abc', { specialTokens: ['pad'], sentinels: 0 });
    expect([...captionIds(vocab, 'ab', 4)]).toEqual([1, 2, 0, 0]);
    expect([...captionIds(vocab, 'abcabc', 4)]).toEqual([1, 2, 3, 1]);
  });

  it('asks for a [PAD] token before any data is read', () => {
    const p = imageCaptionsNode.params.parse({});
    const tokens = (names: ('pad' | 'mask')[]) => ({ dtype: 'int32' as const, shape: ['M'], role: 'token-stream' as const, vocab: 'V', specials: { names, sentinels: 0 } });
    const images = { dtype: 'float32' as const, shape: ['N', 784], role: 'image' as const };
    expect(inferNode(imageCaptionsNode, p, { images, tokens: tokens(['pad']) }).issues).toEqual([]);
    expect(inferNode(imageCaptionsNode, p, { images, tokens: tokens(['mask']) }).issues[0]!.message).toMatch(/\[PAD\]/);
    expect(inferNode(imageCaptionsNode, p, { images, tokens: tokens(['pad']) }).outputs.images!.shape).toEqual(['B', 784]);
  });
});
