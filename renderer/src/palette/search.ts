import type { NodeDefinition } from '../../../engine/registry/define-node.js';

/** Nodes matching every word of the query in their title, type, family or docs; titles first. */
export function searchNodes(defs: readonly NodeDefinition[], query: string): NodeDefinition[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...defs];
  const scored = defs
    .map((d) => {
      const title = `${d.title} ${d.type}`.toLowerCase();
      const all = `${title} ${d.family} ${d.docs}`.toLowerCase();
      if (!words.every((w) => all.includes(w))) return null;
      return { d, score: words.filter((w) => title.includes(w)).length };
    })
    .filter((x): x is { d: NodeDefinition; score: number } => x !== null);
  return scored.sort((a, b) => b.score - a.score).map((x) => x.d);
}
