import { z } from 'zod';
import type { BuildContext, EmitContext, InferContext, InferResult, InternalsContext, InternalTensor, TensorRuntime } from '../../engine/registry/define-node.js';
import { transformerDecoder, transformerEncoder } from './transformer.run.js';

/** Settings shared by the encoder and decoder stacks. */
export const transformerParams = z.strictObject({
  layers: z.number().int().min(1).max(48).default(2),
  heads: z.number().int().min(1).max(64).default(4),
  ffnMultiplier: z.number().int().min(1).max(16).default(4),
  dropout: z.number().min(0).max(0.9).default(0),
  /** 0: no relative positions; K: a learnt bias per head for each distance -K..K */
  relativePositions: z.number().int().min(0).max(512).default(0),
  /** s > 0: relative biases start at -s * |distance| (heads favour near tokens); 0: at zero */
  relativeLocality: z.number().min(0).max(16).default(0),
});

export type TransformerParams = z.infer<typeof transformerParams>;

export const TRANSFORMER_DOCS_COMMON = `Each of the \`layers\` blocks is pre-LN (GPT-2 style): LayerNorm, multi-head
self-attention with \`heads\` heads, added back to its input; then LayerNorm, a two-layer MLP
\`ffnMultiplier\` times wider than the model with a GELU between, added back too. A final
LayerNorm closes the stack. \`dropout\` (0 to turn it off) drops that fraction of each
sublayer's output while training only.

\`relativePositions\` K > 0 gives self-attention T5's relative positions: each head learns one
score bias for every query-key distance from -K to K (keys farther away share the bias of ±K),
shared by all blocks and added before the softmax. A head can then learn to prefer "the token
just before me" directly, rather than from absolute positions. Cross-attention gets none (its
keys are another sequence's positions). 0 turns it off.

\`relativeLocality\` s > 0 starts those biases at -s × |distance| rather than at zero, so from the
first step every head reads mostly its neighbours (at s = 1 a key one token away weighs e^-1 of
the query's own position). An encoder-decoder needs this: before the decoder can learn to look
at a sentinel, the encoder must already put the sentinel's neighbours there, and from zero
biases neither learns first (measured in a PyTorch copy of the span sample's model: a decoder asked to name the character just left of
<extra_id_0> stayed at chance for 600 steps with s = 0 and was right 87% of the time with s = 1).

The model width D (from the embedding) must be divisible by \`heads\`: each head attends in its
own D / heads dimensions.`;

/** The width must split evenly over the heads. */
export function checkHeads(ctx: InferContext<TransformerParams>): InferResult | void {
  const D = ctx.dims.get('D');
  if (typeof D === 'number' && D % ctx.params.heads !== 0) {
    return { issues: [{ param: 'heads', message: `the model width ${D} does not split over ${ctx.params.heads} heads: pick a head count that divides ${D}` }] };
  }
}

/** The input whose [PAD] positions the stack does not attend to: an encoder's own ids, a decoder's memory ids. */
export const PADDING_PORT = { encoder: 'ids', decoder: 'memoryIds' } as const;

/** The [PAD] id of the ids at a padding port, when one is connected and its vocabulary has [PAD]. */
export function paddingId(ctx: BuildContext<TransformerParams>, port: string): number | undefined {
  return ctx.inputs[port]?.vocabulary?.special.pad;
}

/**
 * The stack's large tensors a training step keeps for the backward pass: each layer's attention
 * scores (self, and cross when a memory is connected) and its MLP's hidden layer.
 */
export function transformerInternals({ params: p, inputs, size }: InternalsContext<TransformerParams>): InternalTensor[] {
  const h = inputs.hidden;
  if (!h) return [];
  const [B, T, D] = h.shape.map(size);
  if (B === undefined || T === undefined || D === undefined) return [];
  const per = p.layers > 1 ? `in each of ${p.layers} layers` : 'in its one layer';
  const out: InternalTensor[] = [
    { what: `self-attention scores [${B},${p.heads},${T},${T}] ${per}`, elements: B * p.heads * T * T, count: p.layers },
    { what: `MLP hidden layer [${B},${T},${D * p.ffnMultiplier}] ${per}`, elements: B * T * D * p.ffnMultiplier, count: p.layers },
  ];
  const S = inputs.memory ? size(inputs.memory.shape[1]!) : undefined;
  if (S !== undefined) out.push({ what: `cross-attention scores [${B},${p.heads},${T},${S}] ${per}`, elements: B * p.heads * T * S, count: p.layers });
  return out;
}

/** The stack's runtime: causal for a decoder (with cross-attention when `memory` is connected), bidirectional for an encoder. */
export function buildTransformer(ctx: BuildContext<TransformerParams>, causal: boolean): TensorRuntime {
  const D = ctx.inputs.hidden!.type.shape[2];
  if (typeof D !== 'number') throw new Error('the model width D is not known');
  return {
    apply: causal
      ? transformerDecoder(ctx.params, D, ctx.inputs.memory !== undefined, ctx.variable, paddingId(ctx, PADDING_PORT.decoder))
      : transformerEncoder(ctx.params, D, ctx.variable, paddingId(ctx, PADDING_PORT.encoder)),
  };
}

/** The export's expression for the [PAD] id at a padding port ("undefined" when none is connected). */
export function emitPaddingId(e: EmitContext, port: string): string {
  return e.connected(port) ? `${e.vocabulary(port)}.special.pad` : 'undefined';
}

export const TRANSFORMER_USES = ['graph-nodes/model/transformer.run.ts'];
