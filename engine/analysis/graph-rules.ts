import type { GraphDocument } from '../core/graph-document.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { GraphIndex } from './graph-index.js';
import type { AnalyzedNode } from './analyzed-node.js';
import { liveNodes } from './live-nodes.js';

/**
 * Rules about the graph as a whole: it must train something (one optimizer, fed a loss), and
 * every node should contribute to that or to an output, or it silently does nothing.
 */
export function checkGraphShape(doc: GraphDocument, index: GraphIndex, nodes: Map<string, AnalyzedNode>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const known = doc.nodes.filter((n) => nodes.get(n.id)?.def);
  const trainers = known.filter((n) => nodes.get(n.id)!.def!.stage === 'train');
  if (doc.nodes.length === 0) {
    return [{ nodeId: null, severity: 'error', message: 'the graph is empty: add a data source, a model, a loss and an optimizer' }];
  }
  // An unknown node type might be the missing optimizer; don't pile a second error on it.
  if (trainers.length === 0 && known.length === doc.nodes.length) {
    out.push({ nodeId: null, severity: 'error', message: 'the graph has no optimizer: add an Optimizer node and connect a loss to it' });
  }
  for (const extra of trainers.slice(1)) {
    out.push({ nodeId: extra.id, severity: 'error', message: `a graph trains with one optimizer; ${trainers[0]!.id} is already one` });
  }
  const live = liveNodes(
    known.map((n) => n.id),
    (id) => nodes.get(id)!.def!.stage,
    index,
  );
  const hasTrouble = new Set(doc.nodes.map((n) => n.id).filter((id) => !nodes.get(id)?.def));
  for (const n of known) {
    if (live.has(n.id) || hasTrouble.has(n.id)) continue;
    out.push({
      nodeId: n.id,
      severity: 'warning',
      message: 'feeds no loss or output, so it will not run; connect it or delete it',
    });
  }
  return out;
}
