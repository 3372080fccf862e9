import type { GraphDocument, GraphEdge, GraphNode } from '../../../engine/core/graph-document.js';
import type { NodeRegistry } from '../../../engine/registry/registry.js';

/**
 * Every change a person makes to a graph, as a pure function from one document to the next.
 * The store keeps the history; the canvas, inspector and code tab all edit through these, so
 * undo covers them all alike.
 */

export type Position = { x: number; y: number };

/** A fresh id for a node of `type`: its last path segment, numbered past any already taken. */
export function freshId(doc: GraphDocument, type: string, taken: Set<string> = new Set()): string {
  const base = (type.split('/').pop() ?? 'node').replace(/[^A-Za-z0-9_-]/g, '-');
  const used = new Set([...doc.nodes.map((n) => n.id), ...doc.notes.map((n) => n.id), ...taken]);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

export function addNode(doc: GraphDocument, registry: NodeRegistry, type: string, at: Position): { doc: GraphDocument; id: string } {
  const def = registry.get(type);
  if (!def) throw new Error(`unknown node type "${type}"`);
  const id = freshId(doc, type);
  // Saved params are only the ones a person set; the schema's defaults fill the rest on load.
  // The version says which settings they were written for (absent means 1): a node made now
  // must not be migrated as if it were old.
  const node: GraphNode = { id, type, ...(def.version > 1 ? { version: def.version } : {}), params: {} };
  return { doc: { ...doc, nodes: [...doc.nodes, node], layout: { ...doc.layout, [id]: round(at) } }, id };
}

const round = (p: Position): Position => ({ x: Math.round(p.x), y: Math.round(p.y) });

export function removeItems(doc: GraphDocument, ids: ReadonlySet<string>, edges: readonly GraphEdge[] = []): GraphDocument {
  const layout = { ...doc.layout };
  for (const id of ids) delete layout[id];
  return {
    ...doc,
    nodes: doc.nodes.filter((n) => !ids.has(n.id)),
    notes: doc.notes.filter((n) => !ids.has(n.id)),
    edges: doc.edges.filter((e) => !ids.has(e.from.node) && !ids.has(e.to.node) && !edges.some((x) => sameEdge(x, e))),
    layout,
  };
}

export function sameEdge(a: GraphEdge, b: GraphEdge): boolean {
  return a.from.node === b.from.node && a.from.port === b.from.port && a.to.node === b.to.node && a.to.port === b.to.port;
}

export function moveItems(doc: GraphDocument, positions: Record<string, Position>): GraphDocument {
  const layout = { ...doc.layout };
  for (const [id, p] of Object.entries(positions)) layout[id] = round(p);
  return { ...doc, layout };
}

/** Connect an output to an input; an input takes one connection, so it replaces what was there. */
export function connect(doc: GraphDocument, edge: GraphEdge): GraphDocument {
  const edges = doc.edges.filter((e) => !(e.to.node === edge.to.node && e.to.port === edge.to.port));
  return { ...doc, edges: [...edges, edge] };
}

/** Set one node's params; a value equal to `undefined` goes back to the default. */
export function setParams(doc: GraphDocument, nodeId: string, changes: Record<string, unknown>): GraphDocument {
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      if (n.id !== nodeId) return n;
      const params = { ...n.params, ...changes };
      for (const [k, v] of Object.entries(changes)) if (v === undefined) delete params[k];
      return { ...n, params };
    }),
  };
}

export function addNote(doc: GraphDocument, text: string, at: Position): { doc: GraphDocument; id: string } {
  const id = freshId(doc, 'note');
  return { doc: { ...doc, notes: [...doc.notes, { id, text }], layout: { ...doc.layout, [id]: round(at) } }, id };
}

export function setNoteText(doc: GraphDocument, id: string, text: string): GraphDocument {
  return { ...doc, notes: doc.notes.map((n) => (n.id === id ? { ...n, text } : n)) };
}

/** What copy puts on the clipboard: the chosen nodes and notes, and the edges between them. */
export interface Fragment {
  kind: 'pretrain-lab/fragment';
  nodes: GraphNode[];
  notes: GraphDocument['notes'];
  edges: GraphEdge[];
  layout: GraphDocument['layout'];
}

export function copyFragment(doc: GraphDocument, ids: ReadonlySet<string>): Fragment {
  const layout: GraphDocument['layout'] = {};
  for (const id of ids) if (doc.layout[id]) layout[id] = doc.layout[id]!;
  return {
    kind: 'pretrain-lab/fragment',
    nodes: doc.nodes.filter((n) => ids.has(n.id)),
    notes: doc.notes.filter((n) => ids.has(n.id)),
    edges: doc.edges.filter((e) => ids.has(e.from.node) && ids.has(e.to.node)),
    layout,
  };
}

/** Paste a fragment with fresh ids, shifted by `offset`; returns the new ids to select. */
export function pasteFragment(doc: GraphDocument, f: Fragment, offset: Position): { doc: GraphDocument; ids: string[] } {
  const rename = new Map<string, string>();
  const taken = new Set<string>();
  for (const n of f.nodes) {
    const id = freshId(doc, n.type, taken);
    taken.add(id);
    rename.set(n.id, id);
  }
  for (const n of f.notes) {
    const id = freshId(doc, 'note', taken);
    taken.add(id);
    rename.set(n.id, id);
  }
  const layout = { ...doc.layout };
  for (const [old, id] of rename) {
    const p = f.layout[old] ?? { x: 0, y: 0 };
    layout[id] = round({ x: p.x + offset.x, y: p.y + offset.y });
  }
  return {
    doc: {
      ...doc,
      nodes: [...doc.nodes, ...f.nodes.map((n) => ({ ...n, id: rename.get(n.id)!, params: structuredClone(n.params) }))],
      notes: [...doc.notes, ...f.notes.map((n) => ({ ...n, id: rename.get(n.id)! }))],
      edges: [
        ...doc.edges,
        ...f.edges.map((e) => ({ from: { ...e.from, node: rename.get(e.from.node)! }, to: { ...e.to, node: rename.get(e.to.node)! } })),
      ],
      layout,
    },
    ids: [...rename.values()],
  };
}

export function isFragment(value: unknown): value is Fragment {
  return !!value && typeof value === 'object' && (value as { kind?: unknown }).kind === 'pretrain-lab/fragment';
}

export function emptyDocument(name = 'Untitled'): GraphDocument {
  return { format: 'pretrain-lab/graph', version: 1, name, seed: 1337, nodes: [], edges: [], notes: [], layout: {} };
}
