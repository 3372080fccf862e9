import type { GraphDocument, PortRef } from '../../../engine/core/graph-document.js';
import type { Analysis } from '../../../engine/analysis/validate.js';
import type { NodeRegistry } from '../../../engine/registry/registry.js';
import type { TensorType } from '../../../engine/core/tensor-type.js';
import { canConnect } from '../../../engine/analysis/can-connect.js';

export type Check = { ok: true } | { ok: false; reason: string };

/** The type an output carries: as inferred when analysis got that far, else as declared. */
export function outputType(doc: GraphDocument, analysis: Analysis, registry: NodeRegistry, ref: PortRef): TensorType | undefined {
  const inferred = analysis.nodes.get(ref.node)?.outputs?.[ref.port];
  if (inferred) return inferred;
  const node = doc.nodes.find((n) => n.id === ref.node);
  return node ? registry.get(node.type)?.outputs.find((p) => p.name === ref.port)?.type : undefined;
}

/**
 * May `from` (an output) feed `to` (an input)? The engine's canConnect decides the types; on top
 * of it the canvas refuses self-loops and connections that would close a cycle, with a reason.
 */
export function checkConnection(doc: GraphDocument, analysis: Analysis, registry: NodeRegistry, from: PortRef, to: PortRef): Check {
  if (from.node === to.node) return { ok: false, reason: 'a node cannot feed itself' };
  const toNode = doc.nodes.find((n) => n.id === to.node);
  const input = toNode && registry.get(toNode.type)?.inputs.find((p) => p.name === to.port);
  const type = outputType(doc, analysis, registry, from);
  if (!input || !type) return { ok: false, reason: 'unknown port' };
  if (reaches(doc, to.node, from.node)) return { ok: false, reason: `${to.node} already feeds ${from.node}: this connection would make a cycle` };
  const r = canConnect(type, input);
  return r.ok ? r : { ok: false, reason: `${from.node}.${from.port} → ${to.node}.${to.port}: ${r.reason}` };
}

/** Is there a path of edges from `start` to `goal`? */
function reaches(doc: GraphDocument, start: string, goal: string): boolean {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === goal) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of doc.edges) if (e.from.node === id) stack.push(e.to.node);
  }
  return false;
}
