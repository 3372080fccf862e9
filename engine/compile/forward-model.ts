import { portKey, type PortRef } from '../core/graph-document.js';
import { NodeRunError } from '../core/diagnostics.js';
import { describeType, FED_ROLES } from '../core/tensor-type.js';
import type { Analysis } from '../analysis/validate.js';
import type { StaticPort } from '../registry/define-node.js';
import { forwardModelOf, type ForwardModel } from '../runtime/forward-model.js';
import type { TensorGraph } from './tensor-graph.js';

/**
 * The path from the model's token-id input to the tensor an output node reads, as a function of
 * ids alone. Output nodes generate and fill in text with it, outside the training batches.
 */
export function forwardModel(analysis: Analysis, ports: Map<string, StaticPort>, model: TensorGraph, evalNodeId: string, port: string): ForwardModel {
  const edge = analysis.index.inputEdge(evalNodeId, port);
  if (!edge) throw new NodeRunError(evalNodeId, 'is not connected', port);
  return forwardModelTo(analysis, ports, model, edge.from, (message) => {
    throw new NodeRunError(evalNodeId, message, port);
  });
}

/**
 * The path from the model's inputs (token ids, images) to one model node's output `to`: what an
 * output node reads, or what a yardstick measures (an LM head's logits, an encoder's hidden states).
 * `fail` throws the error to report when the path cannot be run from fed inputs alone.
 */
export function forwardModelTo(analysis: Analysis, ports: Map<string, StaticPort>, model: TensorGraph, to: PortRef, fail: (message: string) => never): ForwardModel {
  const nodes = model.upstream([to.node]);
  const boundary = new Map<string, StaticPort>();
  for (const id of nodes) {
    for (const e of analysis.index.incoming.get(id) ?? []) {
      if (!model.runtimes.has(e.from.node)) boundary.set(portKey(e.from), ports.get(portKey(e.from))!);
    }
  }
  // Attention masks (a prefix LM's prefix lengths) come from training batches; an output node
  // has none, so they are fed empty and the model falls back to its own mask (plain causal).
  const masks = new Set([...boundary.entries()].filter(([, p]) => p.type.role === 'attention-mask').map(([k]) => k));
  const entries = [...boundary.entries()].filter(([k]) => !masks.has(k));
  const fed = entries.filter(([, p]) => FED_ROLES.includes(p.type.role));
  const found = entries.map(([k, p]) => `${describeType(p.type)} from ${k}`).join(', ');
  if (fed.length === 0 || fed.length !== entries.length) fail(`needs a model whose inputs are token ids or images; this one reads ${found || 'nothing'}`);
  for (const [key, p] of fed) {
    if ((p.type.role === 'token-ids' && !p.vocabulary) || (p.type.role !== 'timestep' && typeof p.type.shape[1] !== 'number')) fail(`cannot tell the vocabulary or length of ${key}`);
  }
  const outKey = portKey(to);
  const vocabulary = fed.find(([, p]) => p.type.role === 'token-ids')?.[1].vocabulary;
  return forwardModelOf({
    ...(vocabulary ? { vocabulary } : {}),
    inputs: fed.map(([key, p]) => ({ key, contextLength: typeof p.type.shape[1] === 'number' ? p.type.shape[1] : 1, role: p.type.role })),
    masks: [...masks],
    forward: (feed, step) => model.run(nodes, feed, step).get(outKey)!,
    incremental: nodes.every((id) => model.runtimes.get(id)!.apply.incremental === true),
    fail,
  });
}
