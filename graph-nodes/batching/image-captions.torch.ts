import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

export const imageCaptionsTorch: TorchEmit = {
  uses: ['graph-nodes/batching/image-captions.torch.py'],
  code: (e) => `image_caption_pairs(${e.settings}, ${e.input('images')}, ${e.vocabulary('tokens')}, split, ${e.rng})`,
};
