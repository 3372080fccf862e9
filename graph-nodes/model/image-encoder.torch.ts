import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

export const imageEncoderTorch: TorchEmit = {
  uses: ['graph-nodes/model/image-encoder.torch.py'],
  code: (e) => ({ base: 'ImageEncoder', args: `pixels=${e.dim('images', 1)}` }),
};
