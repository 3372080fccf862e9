import type { GraphDocument, GraphEdge } from '../core/graph-document.js';

/** Edges looked up by their ends. */
export class GraphIndex {
  readonly incoming = new Map<string, GraphEdge[]>();
  readonly outgoing = new Map<string, GraphEdge[]>();

  constructor(readonly doc: GraphDocument) {
    for (const n of doc.nodes) {
      this.incoming.set(n.id, []);
      this.outgoing.set(n.id, []);
    }
    for (const e of doc.edges) {
      this.incoming.get(e.to.node)?.push(e);
      this.outgoing.get(e.from.node)?.push(e);
    }
  }

  inputEdge(nodeId: string, port: string): GraphEdge | undefined {
    return this.incoming.get(nodeId)?.find((e) => e.to.port === port);
  }

  /** Every node from which `targets` can be reached, the targets included. */
  upstreamOf(targets: Iterable<string>): Set<string> {
    const seen = new Set<string>();
    const stack = [...targets];
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const e of this.incoming.get(id) ?? []) stack.push(e.from.node);
    }
    return seen;
  }
}

/**
 * Kahn's order over the nodes; whatever is left sits on or behind a cycle. `cycles` lists one
 * loop per strongly connected group, for the message.
 */
export function topologicalOrder(index: GraphIndex): { order: string[]; cycles: string[][] } {
  const indegree = new Map<string, number>();
  for (const n of index.doc.nodes) indegree.set(n.id, 0);
  for (const e of index.doc.edges) {
    if (indegree.has(e.to.node) && indegree.has(e.from.node)) indegree.set(e.to.node, indegree.get(e.to.node)! + 1);
  }
  // Stable: ready nodes leave in document order.
  const ready = index.doc.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  const order: string[] = [];
  // a read position, not shift(): shifting a long queue is itself quadratic
  for (let next = 0; next < ready.length; next++) {
    const id = ready[next]!;
    order.push(id);
    for (const e of index.outgoing.get(id) ?? []) {
      if (!indegree.has(e.to.node)) continue;
      const d = indegree.get(e.to.node)! - 1;
      indegree.set(e.to.node, d);
      if (d === 0) ready.push(e.to.node);
    }
  }
  const placed = new Set(order);
  const left = new Set(index.doc.nodes.map((n) => n.id).filter((id) => !placed.has(id)));
  return { order, cycles: findCycles(index, left) };
}

function findCycles(index: GraphIndex, left: Set<string>): string[][] {
  const cycles: string[][] = [];
  const onCycle = new Set<string>();
  // a node an earlier walk passed through leads only where that walk went: walk it once
  const walked = new Set<string>();
  for (const start of left) {
    if (walked.has(start)) continue;
    // Walk forward inside `left` until a node repeats: that stretch is a loop.
    const path: string[] = [];
    const pos = new Map<string, number>();
    let cur: string | undefined = start;
    while (cur !== undefined && !pos.has(cur) && !walked.has(cur)) {
      pos.set(cur, path.length);
      path.push(cur);
      cur = (index.outgoing.get(cur) ?? []).map((e) => e.to.node).find((n) => left.has(n));
    }
    path.forEach((n) => walked.add(n));
    if (cur === undefined || !pos.has(cur)) continue;
    const loop = path.slice(pos.get(cur)!);
    if (loop.some((n) => onCycle.has(n))) continue;
    loop.forEach((n) => onCycle.add(n));
    cycles.push(loop);
  }
  return cycles;
}
