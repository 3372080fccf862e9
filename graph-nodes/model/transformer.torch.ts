import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';
import type { TransformerParams } from './transformer-common.js';

/** The decoder's PyTorch code: a causal stack, prefix-bidirectional given prefix lengths. Cross-attention and relative positions are not written in PyTorch yet. */
export const transformerDecoderTorch: TorchEmit<TransformerParams> = {
  uses: ['graph-nodes/model/transformer.torch.py'],
  code: (e) => ({ base: 'TransformerStack', args: `width=${e.dim('hidden', 2)}, causal=True` }),
  unsupported(e) {
    const later = ['memory', 'memoryIds'].filter((port) => e.connected(port));
    if (later.length) return `its ${later.map((p) => `"${p}"`).join(' and ')} input${later.length > 1 ? 's are' : ' is'} not exported to PyTorch yet`;
    if (e.params.relativePositions > 0) return 'relative positions (relativePositions > 0) are not exported to PyTorch yet';
    return undefined;
  },
};

/** The encoder's: a bidirectional stack that reads no [PAD] key of its `ids`, when they are connected. */
export const transformerEncoderTorch: TorchEmit<TransformerParams> = {
  uses: ['graph-nodes/model/transformer.torch.py'],
  code: (e) => ({ base: 'TransformerStack', args: `width=${e.dim('hidden', 2)}, causal=False, pad=${e.connected('ids') ? (e.special('ids').pad ?? 'None') : 'None'}` }),
  unsupported: (e) => (e.params.relativePositions > 0 ? 'relative positions (relativePositions > 0) are not exported to PyTorch yet' : undefined),
};
