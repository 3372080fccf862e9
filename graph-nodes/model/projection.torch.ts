import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

export const projectionTorch: TorchEmit = {
  uses: ['graph-nodes/model/projection.torch.py'],
  code: (e) => ({ base: 'Projection', args: `width=${e.dim('vectors', 1)}` }),
};
