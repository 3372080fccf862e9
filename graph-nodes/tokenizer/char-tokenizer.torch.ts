import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';
import { tokenStreamFiles } from '../../engine/export-torch/token-stream-files.js';
import type { TokenStream } from '../../engine/data/values.js';

/** The engine tokenizes the corpus at export time; the program reads the ids and the vocabulary back. */
export const charTokenizerTorch: TorchEmit = {
  uses: ['graph-nodes/tokenizer/char-tokenizer.torch.py'],
  files: (nodeId, outputs) => tokenStreamFiles(`${nodeId}.tokens`, outputs.tokens as TokenStream),
  code: (e) => `{"tokens": char_token_stream(${e.dataDir}, ${JSON.stringify(`${e.nodeId}.tokens`)})}`,
};
