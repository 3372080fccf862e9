import type { TensorType } from '../core/tensor-type.js';
import type { Vocabulary } from '../core/vocabulary.js';
import { portKey } from '../core/graph-document.js';
import type { Analysis } from '../analysis/validate.js';
import type { StaticPort } from '../registry/define-node.js';

/**
 * Concrete type and vocabulary of every output port. A source output names its vocabulary in
 * its value (a token stream carries its tokenizer); any later id-typed output inherits the
 * vocabulary of an input with the same vocab dim, so masking and eval nodes need no wiring
 * back to the tokenizer.
 */
export function staticPorts(analysis: Analysis, sourceValues: Map<string, unknown>): Map<string, StaticPort> {
  const ports = new Map<string, StaticPort>();
  for (const id of analysis.order) {
    const node = analysis.nodes.get(id)!;
    if (!node.outputs) continue;
    const inputs = inputPorts(analysis, id, ports);
    for (const [name, type] of Object.entries(node.outputs)) {
      const key = portKey({ node: id, port: name });
      const value = sourceValues.get(key) as { vocabulary?: Vocabulary } | undefined;
      let vocabulary = value?.vocabulary;
      if (!vocabulary && type.vocab !== undefined) {
        vocabulary = Object.values(inputs).find((p) => p.vocabulary && p.type.vocab === type.vocab)?.vocabulary;
      }
      ports.set(key, vocabulary ? { type, vocabulary } : { type });
    }
  }
  return ports;
}

/** The static ports feeding a node's inputs, by input name. */
export function inputPorts(analysis: Analysis, nodeId: string, ports: Map<string, StaticPort>): Record<string, StaticPort> {
  const out: Record<string, StaticPort> = {};
  for (const e of analysis.index.incoming.get(nodeId) ?? []) {
    const p = ports.get(portKey(e.from));
    if (p) out[e.to.port] = p;
  }
  return out;
}

export function outputTypes(analysis: Analysis, nodeId: string): Record<string, TensorType> {
  return analysis.nodes.get(nodeId)!.outputs ?? {};
}
