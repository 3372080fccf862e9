import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';
import { tokenStreamFiles } from '../../engine/export-torch/token-stream-files.js';
import type { TokenStream } from '../../engine/data/values.js';

/** The engine learns the merges and encodes the corpus at export; the program reads the ids and tokenizer.json back. */
export const bpeTokenizerTorch: TorchEmit = {
  uses: ['graph-nodes/tokenizer/bpe-tokenizer.torch.py'],
  files: (nodeId, outputs) => tokenStreamFiles(`${nodeId}.tokens`, outputs.tokens as TokenStream),
  code: (e) => `{"tokens": bpe_token_stream(${e.dataDir}, ${JSON.stringify(`${e.nodeId}.tokens`)})}`,
};
