import { describe, expect, it } from 'vitest';
import { hostFloat, hostInt } from '../../../engine/core/host-tensor.js';
import type { PreviewValue } from '../run/training-client.js';
import { captionText, examplesView, toUnitRange } from './preview-examples.js';
import { previewSections } from './preview-model.js';

const pairs = (): Record<string, PreviewValue> => ({
  images: { kind: 'tensor', role: 'image', tensor: hostFloat([3, 4], Float32Array.from({ length: 12 }, (_, i) => (i % 4) / 4)) },
  captions: {
    kind: 'tensor',
    role: 'token-ids',
    tensor: hostInt([3, 5], new Int32Array(15)),
    tokens: [
      ['s', 'e', 'v', 'e', 'n'],
      ['t', 'w', 'o', '[PAD]', '[PAD]'],
      ['a', ' ', '3', '[PAD]', '[PAD]'],
    ],
  },
  labels: { kind: 'tensor', role: 'label', tensor: hostInt([3], Int32Array.from([7, 2, 3])) },
});

describe('a batch of images, example by example', () => {
  it('draws each image, decodes each caption without padding, and puts the label beside them', () => {
    const view = examplesView(pairs())!;
    expect(view.total).toBe(3);
    expect(view.cards.map((c) => c.texts[0]!.text)).toEqual(['seven', 'two', 'a 3']);
    expect(view.cards.map((c) => c.values[0]!.value)).toEqual([7, 2, 3]);
    expect(view.cards[0]!.images[0]).toMatchObject({ port: 'images', width: 2, height: 2 });
    expect([...view.cards[1]!.images[0]!.pixels]).toEqual([0, 0.25, 0.5, 0.75]);
    // shown as examples, not as 4 columns of pixel values
    expect(previewSections({ nodeId: 'pairs', outputs: pairs() }).map((s) => s.kind)).toEqual(['examples']);
  });

  it('stretches values outside 0..1 (noise) to be seen; leaves a text batch to the position view', () => {
    expect([...toUnitRange(Float32Array.from([-2, 0, 2]))]).toEqual([0, 0.5, 1]);
    const text = { ids: { kind: 'tensor', role: 'token-ids', tensor: hostInt([1, 4], new Int32Array(4)), tokens: [['a', 'b', 'c', 'd']] } } as Record<string, PreviewValue>;
    expect(examplesView(text)).toBeNull();
    expect(captionText(['<extra_id_0>', 'x', '[PAD]'])).toBe('<extra_id_0> x');
  });
});
