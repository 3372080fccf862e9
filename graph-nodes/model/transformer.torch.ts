import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';
import type { TransformerParams } from './transformer-common.js';

/** The decoder's PyTorch code: a causal stack, prefix-bidirectional given prefix lengths. Cross-attention is not written in PyTorch yet. */
export const transformerDecoderTorch: TorchEmit<TransformerParams> = {
  uses: ['graph-nodes/model/transformer.torch.py'],
  code: (e) => ({ base: 'TransformerStack', args: `width=${e.dim('hidden', 2)}, causal=True` }),
  unsupported(e) {
    const later = ['memory', 'memoryIds'].filter((port) => e.connected(port));
    return later.length ? `its ${later.map((p) => `"${p}"`).join(' and ')} input${later.length > 1 ? 's are' : ' is'} not exported to PyTorch yet` : undefined;
  },
};

/** The encoder's: a bidirectional stack that reads no [PAD] key of its `ids`, when they are connected. */
export const transformerEncoderTorch: TorchEmit<TransformerParams> = {
  uses: ['graph-nodes/model/transformer.torch.py'],
  code: (e) => ({ base: 'TransformerStack', args: `width=${e.dim('hidden', 2)}, causal=False, pad=${e.connected('ids') ? (e.special('ids').pad ?? 'None') : 'None'}` }),
};
