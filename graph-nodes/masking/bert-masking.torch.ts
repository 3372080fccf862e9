import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

export const bertMaskingTorch: TorchEmit = {
  uses: ['graph-nodes/masking/bert-masking.torch.py'],
  code: (e) => `bert_masking(${e.settings}, ${e.input('ids')}, ${e.vocabulary('ids')}, ${e.rng})`,
};
