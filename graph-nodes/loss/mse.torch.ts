import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

export const mseTorch: TorchEmit = {
  uses: ['graph-nodes/loss/mse.torch.py'],
  code: () => ({ base: 'MeanSquaredError', args: '' }),
};
