import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

export const positionalEmbeddingTorch: TorchEmit = {
  uses: ['graph-nodes/model/positional-embedding.torch.py'],
  code: (e) => ({ base: 'PositionalEmbedding', args: `width=${e.dim('hidden', 2)}` }),
};
