import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

export const infoNceTorch: TorchEmit = {
  uses: ['graph-nodes/loss/info-nce.torch.py'],
  code: () => ({ base: 'InfoNce', args: '' }),
  metrics: 'metrics()',
  oneRank: 'InfoNCE compares every item of a batch with every other, so it needs each whole batch on one rank (a gather of the embeddings across ranks is not written yet)',
};
