import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

export const imageBatchTorch: TorchEmit = {
  uses: ['graph-nodes/batching/images.torch.py'],
  code: (e) => `image_batch(${e.settings}, ${e.input('images')}, split, ${e.rng})`,
};
