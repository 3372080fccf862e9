import type { Edge } from '@xyflow/react';
import type { GraphDocument, GraphEdge } from '../../../engine/core/graph-document.js';
import type { Analysis } from '../../../engine/analysis/validate.js';
import { formatCount, type NodeSize } from '../../../engine/analysis/size-estimate.js';
import type { NodeRegistry } from '../../../engine/registry/registry.js';
import { formatShape } from '../../../engine/core/tensor-type.js';
import { inHandle, outHandle, type GraphFlowNode } from './GraphNodeView.js';
import type { NoteFlowNode } from './NoteView.js';

/** The React Flow view of a document: built from it on every change, never saved. */

export const edgeId = (e: GraphEdge) => `edge:${e.from.node}.${e.from.port}->${e.to.node}.${e.to.port}`;

function summary(params: Record<string, unknown>): string {
  return Object.entries(params)
    .filter(([, v]) => typeof v !== 'object' || v === null)
    .slice(0, 3)
    .map(([k, v]) => `${k} ${typeof v === 'string' ? JSON.stringify(v.length > 18 ? v.slice(0, 16) + '…' : v) : String(v)}`)
    .join(' · ');
}

/** "397k weights" on a model node that makes any (the inspector has the exact count and the memory). */
function weightsLabel(size: NodeSize | undefined): string {
  return size?.parameters ? `${formatCount(size.parameters, true)} weights` : '';
}

export function buildFlowNodes(
  doc: GraphDocument,
  analysis: Analysis,
  registry: NodeRegistry,
  selection: ReadonlySet<string>,
): (GraphFlowNode | NoteFlowNode)[] {
  const byNode = new Map<string, Analysis['diagnostics']>();
  for (const d of analysis.diagnostics) if (d.nodeId) byNode.set(d.nodeId, [...(byNode.get(d.nodeId) ?? []), d]);
  const nodes: (GraphFlowNode | NoteFlowNode)[] = [];
  doc.nodes.forEach((n, i) => {
    const def = registry.get(n.type);
    const position = doc.layout[n.id] ?? { x: 40 + (i % 4) * 260, y: 40 + Math.floor(i / 4) * 200 };
    if (!def) {
      // an unknown type still shows, as a note-like box carrying its error, so nothing vanishes
      nodes.push({ id: n.id, type: 'note', position, selected: selection.has(n.id), data: { text: `**${n.id}**: unknown node type \`${n.type}\`` } });
      return;
    }
    const a = analysis.nodes.get(n.id);
    nodes.push({
      id: n.id,
      type: 'graph',
      position,
      selected: selection.has(n.id),
      data: { def, inputs: a?.inputs ?? {}, outputs: a?.outputs, diagnostics: byNode.get(n.id) ?? [], summary: summary(n.params), weights: weightsLabel(analysis.sizes.nodes.get(n.id)) },
    });
  });
  doc.notes.forEach((note, i) => {
    nodes.push({ id: note.id, type: 'note', position: doc.layout[note.id] ?? { x: 40, y: -160 - i * 120 }, selected: selection.has(note.id), data: { text: note.text } });
  });
  return nodes;
}

export function buildFlowEdges(doc: GraphDocument, analysis: Analysis, selection: ReadonlySet<string>): Edge[] {
  const badInputs = new Set(analysis.diagnostics.filter((d) => d.severity === 'error' && d.port).map((d) => `${d.nodeId}.${d.port}`));
  return doc.edges.map((e) => {
    const type = analysis.nodes.get(e.from.node)?.outputs?.[e.from.port];
    const id = edgeId(e);
    const bad = badInputs.has(`${e.to.node}.${e.to.port}`);
    return {
      id,
      source: e.from.node,
      sourceHandle: outHandle(e.from.port),
      target: e.to.node,
      targetHandle: inHandle(e.to.port),
      selected: selection.has(id),
      label: type && type.shape.length ? formatShape(type.shape) : undefined,
      className: bad ? 'edge-error' : undefined,
      data: { edge: e },
    };
  });
}
