import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

export const blocksTorch: TorchEmit = {
  uses: ['graph-nodes/batching/blocks.torch.py'],
  code: (e) => `contiguous_blocks(${e.settings}, ${e.input('tokens')}, split, ${e.rng})`,
};
