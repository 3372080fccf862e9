import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

export const spanCorruptionTorch: TorchEmit = {
  uses: ['graph-nodes/masking/span-corruption.torch.py'],
  code: (e) => `span_corruption(${e.settings}, ${e.input('ids')}, ${e.vocabulary('ids')}, ${e.rng})`,
};
