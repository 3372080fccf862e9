import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

export const fillMaskTorch: TorchEmit = {
  uses: ['graph-nodes/eval/fill-mask.torch.py'],
  code: (e) => {
    const m = e.model('logits');
    return `fill_mask(${e.settings}, ${m.call}, ${e.vocabulary('logits')}, ${m.contextLength})`;
  },
};
