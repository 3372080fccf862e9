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
}

/**
 * A pre-LN transformer stack of `width`: its variables made now, run on each step. `cross` adds
 * cross-attention to a `memory` input; a causal stack reads per-example `prefix` lengths when given.
 */
function transformer(p: TransformerSettings, width: number, causal: boolean, cross: boolean, variable: MakeVariable): TensorApply {
  if (width % p.heads !== 0) throw new Error(`d_model ${width} is not divisible by heads ${p.heads}`);
  const shape = { width, layers: p.layers, ffn: width * p.ffnMultiplier, heads: p.heads, cross, relativePositions: p.relativePositions };
  const vars = new Map<string, tf.Variable>();
  for (const spec of stackParamSpecs(shape)) vars.set(spec.name, variable(spec.name, spec.shape, spec.init));
  const weights = stackWeights((name) => vars.get(name)!, shape);
  const apply: TensorApply = ({ hidden, memory, prefix }, step) => ({
    hidden: transformerStack(hidden as tf.Tensor3D, weights, {
      heads: p.heads,
      causal,
      dropout: p.dropout,
      training: step.training,
      seed: step.seed,
      ...(memory ? { memory: memory as tf.Tensor3D } : {}),
      // prefix lengths from a prefix-LM batch; absent when an output node samples (plain causal)
      ...(causal && prefix ? { prefix } : {}),
      // sampling one token at a time: keys and values of earlier positions are kept
      ...(step.decode ? { cache: step.decode } : {}),
    }),
  });
  // a causal stack reading no memory can decode token by token from its key/value cache
  return causal && !cross ? incremental(apply) : apply;
}

/** Bidirectional: every position attends to every other. */
export function transformerEncoder(p: TransformerSettings, width: number, variable: MakeVariable): TensorApply {
  return transformer(p, width, false, false, variable);
}

/** Causal (prefix-bidirectional when given prefix lengths), with cross-attention when `cross`. */
export function transformerDecoder(p: TransformerSettings, width: number, cross: boolean, variable: MakeVariable): TensorApply {
  return transformer(p, width, true, cross, variable);
}
