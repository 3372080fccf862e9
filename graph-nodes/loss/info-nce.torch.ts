import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

export const infoNceTorch: TorchEmit = {
  uses: ['graph-nodes/loss/info-nce.torch.py'],
  code: () => ({ base: 'InfoNce', args: '' }),
  metrics: 'metrics()',
};
