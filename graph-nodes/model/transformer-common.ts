import { z } from 'zod';
import * as tf from '@tensorflow/tfjs';
import type { BuildContext, InferContext, InferResult, TensorRuntime } from '../../engine/registry/define-node.js';
import { stackParamSpecs, stackWeights, transformerStack } from '../../engine/runtime/transformer-block.js';

/** Settings shared by the encoder and decoder stacks. */
export const transformerParams = z.strictObject({
  layers: z.number().int().min(1).max(48).default(2),
  heads: z.number().int().min(1).max(64).default(4),
  ffnMultiplier: z.number().int().min(1).max(16).default(4),
  dropout: z.number().min(0).max(0.9).default(0),
});

export type TransformerParams = z.infer<typeof transformerParams>;

export const TRANSFORMER_DOCS_COMMON = `Each of the \`layers\` blocks is pre-LN (GPT-2 style): LayerNorm, multi-head
self-attention with \`heads\` heads, added back to its input; then LayerNorm, a two-layer MLP
\`ffnMultiplier\` times wider than the model with a GELU between, added back too. A final
LayerNorm closes the stack. \`dropout\` (0 to turn it off) drops that fraction of each
sublayer's output while training only.

The model width D (from the embedding) must be divisible by \`heads\`: each head attends in its
own D / heads dimensions.`;

/** The width must split evenly over the heads. */
export function checkHeads(ctx: InferContext<TransformerParams>): InferResult | void {
  const D = ctx.dims.get('D');
  if (typeof D === 'number' && D % ctx.params.heads !== 0) {
    return { issues: [{ param: 'heads', message: `the model width ${D} does not split over ${ctx.params.heads} heads: pick a head count that divides ${D}` }] };
  }
}

/** Make a stack's variables and return the runtime: causal for a decoder, bidirectional for an encoder. */
export function buildTransformer(ctx: BuildContext<TransformerParams>, causal: boolean): TensorRuntime {
  const p = ctx.params;
  const D = ctx.inputs.hidden!.type.shape[2];
  if (typeof D !== 'number') throw new Error('the model width D is not known');
  if (D % p.heads !== 0) throw new Error(`d_model ${D} is not divisible by heads ${p.heads}`);
  const cross = ctx.inputs.memory !== undefined;
  const vars = new Map<string, tf.Variable>();
  for (const spec of stackParamSpecs(D, p.layers, D * p.ffnMultiplier, cross)) vars.set(spec.name, ctx.variable(spec.name, spec.shape, spec.init));
  const weights = stackWeights((name) => vars.get(name)!, p.layers, cross);
  return {
    apply: ({ hidden, memory, prefix }, run) => ({
      hidden: transformerStack(hidden as tf.Tensor3D, weights, {
        heads: p.heads,
        causal,
        dropout: p.dropout,
        training: run.training,
        seed: run.seed,
        ...(memory ? { memory: memory as tf.Tensor3D } : {}),
        // prefix lengths from a prefix-LM batch; empty when an output node samples (plain causal)
        ...(causal && prefix ? { prefix } : {}),
      }),
    }),
  };
}
