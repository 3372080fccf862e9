import * as tf from '@tensorflow/tfjs';
import type { TensorType } from '../engine/core/tensor-type.js';
import type { ApplyContext } from '../engine/registry/define-node.js';
import type { NamedVariable } from '../engine/compile/program-types.js';
import { tokenEmbeddingNode } from '../graph-nodes/model/token-embedding.js';
import { positionalEmbeddingNode } from '../graph-nodes/model/positional-embedding.js';
import { transformerDecoderNode } from '../graph-nodes/model/transformer-decoder.js';
import { transformerEncoderNode } from '../graph-nodes/model/transformer-encoder.js';
import { lmHeadNode } from '../graph-nodes/model/lm-head.js';
import { crossEntropyNode } from '../graph-nodes/loss/cross-entropy.js';
import { buildTensorNode, type BuiltNode } from '../test/support/tensor-node-harness.js';

export interface TinyGptConfig {
  vocab: number;
  dModel: number;
  layers: number;
  heads: number;
  /** tokens per sequence */
  context: number;
  causal: boolean;
  dropout?: number;
  seed?: number;
}

/** The tiny GPT of the design notes: d=128, 2 layers, 4 heads, T=64, char vocab. */
export const TINY_GPT: TinyGptConfig = { vocab: 65, dModel: 128, layers: 2, heads: 4, context: 64, causal: true };

export interface TinyGpt {
  variables: NamedVariable[];
  /** ids, targets int32 [B, T] (weights float32 [B, T], optional) -> mean loss */
  loss(ids: tf.Tensor, targets: tf.Tensor, ctx: ApplyContext, weights?: tf.Tensor): tf.Scalar;
  /** ids [b, t <= T] -> logits [b, t, V] */
  logits(ids: tf.Tensor, ctx?: ApplyContext): tf.Tensor;
  dispose(): void;
}

/**
 * The causal-LM graph (embed -> positions -> decoder -> tied LM head -> cross-entropy), wired by
 * hand from the real node definitions through the test harness: the same code the compiled
 * graph runs, without the data pipeline.
 */
export function buildTinyGpt(cfg: TinyGptConfig): TinyGpt {
  const { vocab: V, dModel: D, context: T } = cfg;
  const seed = cfg.seed ?? 1337;
  const hidden: TensorType = { dtype: 'float32', shape: ['B', T, D], role: 'hidden' };
  const ids: TensorType = { dtype: 'int32', shape: ['B', T], role: 'token-ids', vocab: V };
  const embed = buildTensorNode(tokenEmbeddingNode, { nodeId: 'embed', seed, params: { dModel: D }, inputs: { ids } });
  const positions = buildTensorNode(positionalEmbeddingNode, { nodeId: 'positions', seed, params: { maxLength: T }, inputs: { hidden } });
  const stackDef = cfg.causal ? transformerDecoderNode : transformerEncoderNode;
  const stackParams = { layers: cfg.layers, heads: cfg.heads, dropout: cfg.dropout ?? 0 };
  const stack = buildTensorNode(stackDef, { nodeId: 'stack', seed, params: stackParams, inputs: { hidden } });
  const table: TensorType = { dtype: 'float32', shape: [V, D], role: 'embedding' };
  const head = buildTensorNode(lmHeadNode, { nodeId: 'head', seed, inputs: { hidden, tiedTable: table } });
  const logitsType: TensorType = { dtype: 'float32', shape: ['B', T, V], role: 'logits' };
  const targets: TensorType = { dtype: 'int32', shape: ['B', T], role: 'targets', vocab: V };
  const loss = buildTensorNode(crossEntropyNode, { nodeId: 'loss', seed, inputs: { logits: logitsType, targets } });
  const nodes: BuiltNode<unknown>[] = [embed, positions, stack, head, loss];
  const variables: NamedVariable[] = nodes.flatMap((n, i) =>
    [...n.variables.entries()].map(([name, variable]) => ({ name: `${['embed', 'positions', 'stack', 'head', 'loss'][i]}/${name}`, variable, decay: variable.shape.length >= 2 })),
  );
  const inference: ApplyContext = { training: false, step: 0, seed: 0 };
  const logits = (x: tf.Tensor, ctx: ApplyContext = inference) => {
    const e = embed.apply({ ids: x }, ctx);
    const p = positions.apply({ hidden: e.hidden! }, ctx);
    const h = stack.apply({ hidden: p.hidden! }, ctx);
    return head.apply({ hidden: h.hidden!, tiedTable: e.table! }, ctx).logits!;
  };
  return {
    variables,
    logits,
    loss: (x, y, ctx, w) => loss.apply({ logits: logits(x, ctx), targets: y, ...(w ? { weights: w } : {}) }, ctx).loss as tf.Scalar,
    dispose: () => nodes.forEach((n) => n.dispose()),
  };
}
