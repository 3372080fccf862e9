import type { z } from 'zod';
import type { GraphDocument } from '../core/graph-document.js';
import type { Analysis } from '../analysis/validate.js';
import { configType, literal } from './config-literal.js';

/** The program's settings: a typed `Config` with one entry per exported node, in graph order, and its value. */
export function configSection(doc: GraphDocument, analysis: Analysis, names: ReadonlyMap<string, string>): string {
  const entries = [...names].map(([id, name]) => ({ id, name, def: analysis.nodes.get(id)!.def!, params: analysis.nodes.get(id)!.params }));
  const configInterface = [
    'interface Config {',
    '  /** every random choice (weights, batches, dropout) derives from it */',
    '  seed: number;',
    ...entries.map((c) => `  /** ${c.def.title} (node "${c.id}") */\n  ${c.name}: ${configType(c.def.params as z.ZodType)};`),
    '}',
  ].join('\n');
  const configValue = `const config: Config = {\n  seed: ${doc.seed},\n${entries.map((c) => `  ${c.name}: ${literal(c.params)},`).join('\n')}\n};`;
  return `/** The graph's settings, one entry per node. */\n${configInterface}\n\n${configValue}`;
}

/** Every node of the graph (exported or not), as matching it against a saved run's nodes sees them. */
export function graphNodesTable(doc: GraphDocument, analysis: Analysis, names: ReadonlyMap<string, string>): string {
  const rows = doc.nodes.map((n) => {
    const node = analysis.nodes.get(n.id)!;
    const defaults = node.def!.params.safeParse({});
    const params = names.has(n.id) ? `config.${names.get(n.id)!}` : literal(node.params);
    return `{ id: ${JSON.stringify(n.id)}, type: ${JSON.stringify(n.type)}, family: ${JSON.stringify(node.def!.family)}, params: ${params}, defaults: ${literal(defaults.success ? defaults.data : {})} }`;
  });
  return `/** Every node of the graph, as matching it against a saved run's nodes sees them. */\nconst GRAPH_NODES: GraphNodeInfo[] = [\n${rows.map((r) => `  ${r},`).join('\n')}\n];`;
}
