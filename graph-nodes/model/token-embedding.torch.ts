import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

export const tokenEmbeddingTorch: TorchEmit = {
  uses: ['graph-nodes/model/token-embedding.torch.py'],
  code: (e) => ({ base: 'TokenEmbedding', args: `vocab_size=${e.dim('table', 0, 'output')}, shared=${e.connected('sharedTable') ? 'True' : 'False'}` }),
};
