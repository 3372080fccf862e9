import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

export const crossEntropyTorch: TorchEmit = {
  uses: ['graph-nodes/loss/cross-entropy.torch.py'],
  code: (e) => ({ base: 'CrossEntropy', args: `specials=${JSON.stringify(e.specialIds('targets'))}` }),
  metrics: 'metrics()',
  unsupported(e) {
    const later = ['branch', 'inputs'].filter((port) => e.connected(port));
    return later.length ? `its ${later.map((p) => `"${p}"`).join(' and ')} input (per-branch or per-input-kind metrics) is not exported to PyTorch yet` : undefined;
  },
};
