import type { GraphDocument } from '../core/graph-document.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { GraphIndex } from './graph-index.js';
import type { AnalyzedNode } from './analyzed-node.js';

/**
 * A loss whose targets come from a node that also says which positions count (BERT masking's
 * `weights`: 1 at the masked positions, 0 elsewhere), with those weights left unconnected, trains
 * on every position alike: for a masked LM that is mostly copying unmasked characters from the
 * input, which looks like learning and teaches little. A warning on the loss, naming the port
 * to connect. Decided by port roles, not node types: every objective that marks its positions
 * this way is covered.
 */
export function checkUnusedLossWeights(doc: GraphDocument, index: GraphIndex, nodes: Map<string, AnalyzedNode>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const n of doc.nodes) {
    const def = nodes.get(n.id)?.def;
    if (!def) continue;
    const weightsIn = def.inputs.find((p) => p.type.role === 'loss-weights');
    const targetsIn = def.inputs.find((p) => p.type.role === 'targets');
    if (!weightsIn || !targetsIn || index.inputEdge(n.id, weightsIn.name)) continue;
    const from = index.inputEdge(n.id, targetsIn.name)?.from;
    const producer = from && nodes.get(from.node)?.def;
    const offered = producer?.outputs.find((p) => p.type.role === 'loss-weights');
    if (!from || !producer || !offered) continue;
    const what = offered.doc ? ` (${offered.doc})` : '';
    out.push({
      nodeId: n.id,
      port: weightsIn.name,
      severity: 'warning',
      message:
        `its targets come from ${producer.title} (node ${from.node}), which marks the positions that should count in ${from.node}.${offered.name}${what}, ` +
        `but "${weightsIn.name}" is not connected, so every position counts alike, those the objective leaves out too ` +
        `(for BERT masking, the unmasked ones the model can copy from its input). Connect ${from.node}.${offered.name} to ${n.id}.${weightsIn.name}.`,
    });
  }
  return out;
}
