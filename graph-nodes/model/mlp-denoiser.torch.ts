import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

export const mlpDenoiserTorch: TorchEmit = {
  uses: ['graph-nodes/model/mlp-denoiser.torch.py'],
  code: (e) => ({ base: 'MlpDenoiser', args: `pixels=${e.dim('noisy', 1)}` }),
};
