import type { TorchEmit, TorchEmitContext } from '../../engine/export-torch/torch-emit.js';
import { PADDING_PORT, type TransformerParams } from './transformer-common.js';

/** The [PAD] id of the ids at a padding port, as a Python literal ("None" when none is connected or the vocabulary has none). */
const padAt = (e: TorchEmitContext<TransformerParams>, port: string) => (e.connected(port) ? String(e.special(port).pad ?? 'None') : 'None');

/** The decoder's PyTorch code: a causal stack, prefix-bidirectional given prefix lengths, cross-attending to `memory` when connected (to none of the [PAD] of `memoryIds`). */
export const transformerDecoderTorch: TorchEmit<TransformerParams> = {
  uses: ['graph-nodes/model/transformer.torch.py'],
  code: (e) => ({ base: 'TransformerStack', args: `width=${e.dim('hidden', 2)}, causal=True, pad=${padAt(e, PADDING_PORT.decoder)}, cross=${e.connected('memory') ? 'True' : 'False'}` }),
};

/** The encoder's: a bidirectional stack that reads no [PAD] key of its `ids`, when they are connected. */
export const transformerEncoderTorch: TorchEmit<TransformerParams> = {
  uses: ['graph-nodes/model/transformer.torch.py'],
  code: (e) => ({ base: 'TransformerStack', args: `width=${e.dim('hidden', 2)}, causal=False, pad=${padAt(e, PADDING_PORT.encoder)}` }),
};
