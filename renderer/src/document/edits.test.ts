import { describe, expect, it } from 'vitest';
import { addNode, connect, copyFragment, emptyDocument, pasteFragment, removeItems, setParams } from './edits.js';
import { commit, initialHistory, redo, undo } from './history.js';
import { createRegistry } from '../../../graph-nodes/index.js';

const registry = createRegistry();

describe('graph edits', () => {
  it('adds nodes with fresh ids and a position, and removes them with their edges', () => {
    let doc = emptyDocument();
    const a = addNode(doc, registry, 'model/token-embedding', { x: 10.4, y: 20.6 });
    const b = addNode(a.doc, registry, 'model/token-embedding', { x: 0, y: 0 });
    expect([a.id, b.id]).toEqual(['token-embedding', 'token-embedding-2']);
    expect(b.doc.layout[a.id]).toEqual({ x: 10, y: 21 });
    doc = connect(b.doc, { from: { node: a.id, port: 'table' }, to: { node: b.id, port: 'ids' } });
    doc = removeItems(doc, new Set([a.id]));
    expect(doc.nodes.map((n) => n.id)).toEqual([b.id]);
    expect(doc.edges).toEqual([]);
    expect(doc.layout[a.id]).toBeUndefined();
  });

  it('an input takes one connection: connecting again replaces it', () => {
    let doc = emptyDocument();
    for (const t of ['masking/causal-shift', 'masking/causal-shift', 'model/token-embedding']) doc = addNode(doc, registry, t, { x: 0, y: 0 }).doc;
    doc = connect(doc, { from: { node: 'causal-shift', port: 'inputs' }, to: { node: 'token-embedding', port: 'ids' } });
    doc = connect(doc, { from: { node: 'causal-shift-2', port: 'inputs' }, to: { node: 'token-embedding', port: 'ids' } });
    expect(doc.edges).toEqual([{ from: { node: 'causal-shift-2', port: 'inputs' }, to: { node: 'token-embedding', port: 'ids' } }]);
  });

  it('setting a param to undefined returns it to its default', () => {
    let doc = addNode(emptyDocument(), registry, 'model/token-embedding', { x: 0, y: 0 }).doc;
    doc = setParams(doc, 'token-embedding', { dModel: 64 });
    expect(doc.nodes[0]!.params).toEqual({ dModel: 64 });
    doc = setParams(doc, 'token-embedding', { dModel: undefined });
    expect(doc.nodes[0]!.params).toEqual({});
  });

  it('pastes a copied fragment with new ids, keeping the edges inside it', () => {
    let doc = emptyDocument();
    doc = addNode(doc, registry, 'masking/causal-shift', { x: 0, y: 0 }).doc;
    doc = addNode(doc, registry, 'model/token-embedding', { x: 100, y: 0 }).doc;
    doc = connect(doc, { from: { node: 'causal-shift', port: 'inputs' }, to: { node: 'token-embedding', port: 'ids' } });
    const f = copyFragment(doc, new Set(['causal-shift', 'token-embedding']));
    const pasted = pasteFragment(doc, JSON.parse(JSON.stringify(f)), { x: 40, y: 40 });
    expect(pasted.ids).toEqual(['causal-shift-2', 'token-embedding-2']);
    expect(pasted.doc.edges.at(-1)).toEqual({ from: { node: 'causal-shift-2', port: 'inputs' }, to: { node: 'token-embedding-2', port: 'ids' } });
    expect(pasted.doc.layout['token-embedding-2']).toEqual({ x: 140, y: 40 });
  });
});

describe('undo history', () => {
  it('undoes and redoes, and merges a run of edits under one key into one step', () => {
    const d0 = emptyDocument('a');
    const d1 = { ...d0, name: 'b' };
    const d2 = { ...d0, name: 'c' };
    const d3 = { ...d0, name: 'd' };
    let h = commit(initialHistory(d0), d1);
    h = commit(h, d2, 'drag');
    h = commit(h, d3, 'drag');
    expect(h.past.map((d) => d.name)).toEqual(['a', 'b']);
    h = undo(h);
    expect(h.doc.name).toBe('b');
    h = redo(h);
    expect(h.doc.name).toBe('d');
    h = commit(undo(h), d2);
    expect(h.future).toEqual([]);
  });
});
