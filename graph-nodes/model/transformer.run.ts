import * as tf from '@tensorflow/tfjs';
import { stackParamSpecs, stackWeights, transformerStack } from '../../engine/runtime/transformer-block.js';
import type { MakeVariable } from '../../engine/runtime/variables.js';
import { incremental, type TensorApply } from '../../engine/runtime/step.js';

export interface TransformerSettings {
  layers: number;
  heads: number;
  ffnMultiplier: number;
  dropout: number;
  relativePositions: number;
  relativeLocality: number;
}

/**
 * A pre-LN transformer stack of `width`: its variables made now, run on each step. `cross` adds
 * cross-attention to a `memory` input; a causal stack reads per-example `prefix` lengths when given.
 * With `pad` (the [PAD] id), an encoder's self-attention skips the [PAD] keys of its `ids` input,
 * a decoder's cross-attention those of its `memoryIds` input, when they are connected.
 */
function transformer(p: TransformerSettings, width: number, causal: boolean, cross: boolean, variable: MakeVariable, pad?: number): TensorApply {
  if (width % p.heads !== 0) throw new Error(`d_model ${width} is not divisible by heads ${p.heads}`);
  const shape = { width, layers: p.layers, ffn: width * p.ffnMultiplier, heads: p.heads, cross, relativePositions: p.relativePositions, relativeLocality: p.relativeLocality };
  const vars = new Map<string, tf.Variable>();
  for (const spec of stackParamSpecs(shape)) vars.set(spec.name, variable(spec.name, spec.shape, spec.init));
  const weights = stackWeights((name) => vars.get(name)!, shape);
  const apply: TensorApply = ({ hidden, memory, prefix, ids, memoryIds }, step) => ({
    hidden: transformerStack(hidden as tf.Tensor3D, weights, {
      heads: p.heads,
      causal,
      dropout: p.dropout,
      training: step.training,
      seed: step.seed,
      ...(memory ? { memory: memory as tf.Tensor3D } : {}),
      // prefix lengths from a prefix-LM batch; absent when an output node samples (plain causal)
      ...(causal && prefix ? { prefix } : {}),
      ...(pad !== undefined && ids && !causal ? { padding: { ids, pad } } : {}),
      ...(pad !== undefined && memoryIds && memory ? { memoryPadding: { ids: memoryIds, pad } } : {}),
      // sampling one token at a time: keys and values of earlier positions are kept
      ...(step.decode ? { cache: step.decode } : {}),
    }),
  });
  // a causal stack reading no memory can decode token by token from its key/value cache
  return causal && !cross ? incremental(apply) : apply;
}

/** Bidirectional: every position attends to every other (but to no [PAD] of `ids`, given `pad`). */
export function transformerEncoder(p: TransformerSettings, width: number, variable: MakeVariable, pad?: number): TensorApply {
  return transformer(p, width, false, false, variable, pad);
}

/** Causal (prefix-bidirectional when given prefix lengths), with cross-attention when `cross` (to no [PAD] of `memoryIds`, given `pad`). */
export function transformerDecoder(p: TransformerSettings, width: number, cross: boolean, variable: MakeVariable, pad?: number): TensorApply {
  return transformer(p, width, true, cross, variable, pad);
}
