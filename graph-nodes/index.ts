import type { NodeDefinition } from '../engine/registry/define-node.js';
import { NodeRegistry } from '../engine/registry/registry.js';
import { textCorpusNode } from './data/text-corpus.js';
import { mnistNode } from './data/mnist.js';
import { imageCaptionsNode } from './batching/image-captions.js';
import { imageEncoderNode } from './model/image-encoder.js';
import { poolNode } from './model/pool.js';
import { projectionNode } from './model/projection.js';
import { infoNceNode } from './loss/info-nce.js';
import { zeroShotRetrievalNode } from './eval/zero-shot-retrieval.js';
import { noiseScheduleNode } from './noise-schedule/betas.js';
import { diffuseNode } from './noise-schedule/diffuse.js';
import { imageBatchNode } from './batching/images.js';
import { timestepEmbeddingNode } from './model/timestep-embedding.js';
import { mlpDenoiserNode } from './model/mlp-denoiser.js';
import { mseNode } from './loss/mse.js';
import { generateImagesNode } from './eval/generate-images.js';
import { charTokenizerNode } from './tokenizer/char-tokenizer.js';
import { bpeTokenizerNode } from './tokenizer/bpe-tokenizer.js';
import { blocksNode } from './batching/blocks.js';
import { causalShiftNode } from './masking/causal-shift.js';
import { bertMaskingNode } from './masking/bert-masking.js';
import { prefixLmNode } from './masking/prefix-lm.js';
import { spanCorruptionNode } from './masking/span-corruption.js';
import { ul2MixtureNode } from './masking/ul2-mixture.js';
import { tokenEmbeddingNode } from './model/token-embedding.js';
import { positionalEmbeddingNode } from './model/positional-embedding.js';
import { transformerEncoderNode } from './model/transformer-encoder.js';
import { transformerDecoderNode } from './model/transformer-decoder.js';
import { lmHeadNode } from './model/lm-head.js';
import { crossEntropyNode } from './loss/cross-entropy.js';
import { optimizerNode } from './training/optimizer.js';
import { sampleTextNode } from './eval/sample-text.js';
import { fillMaskNode } from './eval/fill-mask.js';
import { loadWeightsNode } from './checkpoint/load-weights.js';
import { spanInfillNode } from './eval/span-infill.js';

/** Every node type, in palette order. Adding a node means adding it here: nothing registers itself. */
export const NODE_DEFINITIONS: readonly NodeDefinition[] = [
  textCorpusNode,
  mnistNode,
  charTokenizerNode,
  bpeTokenizerNode,
  blocksNode,
  imageCaptionsNode,
  imageBatchNode,
  causalShiftNode,
  bertMaskingNode,
  prefixLmNode,
  spanCorruptionNode,
  ul2MixtureNode,
  noiseScheduleNode,
  diffuseNode,
  tokenEmbeddingNode,
  positionalEmbeddingNode,
  transformerEncoderNode,
  transformerDecoderNode,
  lmHeadNode,
  imageEncoderNode,
  poolNode,
  projectionNode,
  timestepEmbeddingNode,
  mlpDenoiserNode,
  crossEntropyNode,
  infoNceNode,
  mseNode,
  optimizerNode,
  sampleTextNode,
  fillMaskNode,
  loadWeightsNode,
  spanInfillNode,
  zeroShotRetrievalNode,
  generateImagesNode,
];

export function createRegistry(): NodeRegistry {
  return new NodeRegistry(NODE_DEFINITIONS);
}
