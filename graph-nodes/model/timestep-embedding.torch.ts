import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

export const timestepEmbeddingTorch: TorchEmit = {
  uses: ['graph-nodes/model/timestep-embedding.torch.py'],
  code: () => ({ base: 'TimestepEmbedding', args: '' }),
};
