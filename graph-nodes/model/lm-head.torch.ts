import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

export const lmHeadTorch: TorchEmit = {
  uses: ['graph-nodes/model/lm-head.torch.py'],
  code: (e) => ({
    base: 'LmHead',
    args: `width=${e.dim('hidden', 2)}, vocab_size=${e.dim('logits', 2, 'output')}, tied=${e.connected('tiedTable') ? 'True' : 'False'}`,
  }),
};
