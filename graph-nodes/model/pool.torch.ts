import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

export const poolTorch: TorchEmit = {
  uses: ['graph-nodes/model/pool.torch.py'],
  code: (e) => ({ base: 'Pool', args: `pad=${e.connected('ids') ? String(e.special('ids').pad ?? 'None') : 'None'}` }),
};
