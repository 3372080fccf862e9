import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

export const causalShiftTorch: TorchEmit = {
  uses: ['graph-nodes/masking/causal-shift.torch.py'],
  code: (e) => `shift_blocks(${e.input('ids')})`,
};
