import { readFileSync } from 'node:fs';
import type { GraphDocument } from '../../engine/core/graph-document.js';
import { parseGraph } from '../../engine/core/serialize.js';

/**
 * The masked-LM sample with `n` transformer encoders in a chain between its embedding and its
 * head: a valid graph as large as wanted, for measuring how analysis grows with graph size.
 */
export function chainGraph(n: number): GraphDocument {
  const doc = parseGraph(readFileSync('samples/masked-lm.graph.json', 'utf8'));
  const encoder = doc.nodes.find((x) => x.id === 'encoder')!;
  const chain = Array.from({ length: n }, (_, i) => ({ ...encoder, id: `encoder${i}`, params: { layers: 1, heads: 2 } }));
  const into = doc.edges.find((e) => e.to.node === 'encoder')!;
  const out = doc.edges.filter((e) => e.from.node === 'encoder');
  const links = chain.slice(1).map((c, i) => ({ from: { node: chain[i]!.id, port: 'hidden' }, to: { node: c.id, port: 'hidden' } }));
  return {
    ...doc,
    nodes: [...doc.nodes.filter((x) => x.id !== 'encoder'), ...chain],
    edges: [
      ...doc.edges.filter((e) => e.to.node !== 'encoder' && e.from.node !== 'encoder'),
      { ...into, to: { node: chain[0]!.id, port: 'hidden' } },
      ...links,
      ...out.map((e) => ({ ...e, from: { node: chain[n - 1]!.id, port: 'hidden' } })),
    ],
    layout: {},
  };
}
