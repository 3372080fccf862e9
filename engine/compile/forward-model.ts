import * as tf from '@tensorflow/tfjs';
import { portKey } from '../core/graph-document.js';
import { NodeRunError } from '../core/diagnostics.js';
import { describeType } from '../core/tensor-type.js';
import type { Analysis } from '../analysis/validate.js';
import type { ForwardModel, StaticPort } from '../registry/define-node.js';
import type { TensorGraph } from './tensor-graph.js';

/**
 * The path from the model's token-id input to the tensor an output node reads, as a function of
 * ids alone. Output nodes generate and fill in text with it, outside the training batches.
 */
export function forwardModel(analysis: Analysis, ports: Map<string, StaticPort>, model: TensorGraph, evalNodeId: string, port: string): ForwardModel {
  const edge = analysis.index.inputEdge(evalNodeId, port);
  if (!edge) throw new NodeRunError(evalNodeId, 'is not connected', port);
  const nodes = model.upstream([edge.from.node]);
  const boundary = new Map<string, StaticPort>();
  for (const id of nodes) {
    for (const e of analysis.index.incoming.get(id) ?? []) {
      if (!model.runtimes.has(e.from.node)) boundary.set(portKey(e.from), ports.get(portKey(e.from))!);
    }
  }
  const entries = [...boundary.entries()];
  const ids = entries.filter(([, p]) => p.type.role === 'token-ids');
  if (ids.length !== 1 || entries.length !== 1) {
    const found = entries.map(([k, p]) => `${describeType(p.type)} from ${k}`).join(', ');
    throw new NodeRunError(evalNodeId, `needs a model whose only input is token ids; this one reads ${found || 'nothing'}`, port);
  }
  const [inputKey, input] = ids[0]!;
  const T = input.type.shape[1];
  if (!input.vocabulary || typeof T !== 'number') throw new NodeRunError(evalNodeId, `cannot tell the vocabulary or length of ${inputKey}`, port);
  const outKey = portKey(edge.from);
  return {
    vocabulary: input.vocabulary,
    contextLength: T,
    run: (x) =>
      tf.tidy(() => model.run(nodes, (key) => (key === inputKey ? x : tf.zeros([0])), { training: false, step: 0, seed: 0 }).get(outKey)!),
  };
}
