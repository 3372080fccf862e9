import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

export const prefixLmTorch: TorchEmit = {
  // the split shifts blocks as the causal shift does, with its code
  uses: ['graph-nodes/masking/causal-shift.torch.py', 'graph-nodes/masking/prefix-lm.torch.py'],
  code: (e) => `prefix_lm_split(${e.settings}, ${e.input('ids')}, ${e.rng})`,
};
