import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';
import { specialIdList } from '../../engine/core/vocabulary.js';

export const crossEntropyTorch: TorchEmit = {
  uses: ['graph-nodes/loss/cross-entropy.torch.py'],
  code: (e) => ({
    base: 'CrossEntropy',
    args: `specials=${JSON.stringify(specialIdList(e.special('targets')))}, mask_id=${e.special('targets').mask ?? 'None'}, branches=${JSON.stringify(e.connected('branch') ? (e.inputType('branch')?.labels ?? []) : [])}`,
  }),
  metrics: 'metrics()',
};
