import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

export const mlpDenoiserTorch: TorchEmit = {
  // its GELU is the timestep embedding's
  uses: ['graph-nodes/model/timestep-embedding.torch.py', 'graph-nodes/model/mlp-denoiser.torch.py'],
  code: (e) => ({ base: 'MlpDenoiser', args: `pixels=${e.dim('noisy', 1)}` }),
};
