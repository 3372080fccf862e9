import type { GraphDocument, GraphEdge } from '../core/graph-document.js';
import type { AnalyzedNode } from './analyzed-node.js';
import { estimateSizes, FOUR_GIB, stepMemoryProblem, type SizeEstimate } from './size-estimate.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { isSymbol, substitute, type Dim, type TensorType } from '../core/tensor-type.js';
import type { NodeDefinition } from '../registry/define-node.js';
import type { NodeRegistry } from '../registry/registry.js';
import { canConnect } from './can-connect.js';
import { GraphIndex, topologicalOrder } from './graph-index.js';
import { parseParams } from './params.js';
import { checkGraphShape } from './graph-rules.js';
import { checkUnusedLossWeights } from './loss-weight-rule.js';

/** What analysis learnt about one node. `outputs` is absent when the node (or something it needs) is broken. */
export type { AnalyzedNode };

export interface Analysis {
  diagnostics: Diagnostic[];
  nodes: Map<string, AnalyzedNode>;
  /** topological order of the nodes not on a cycle */
  order: string[];
  index: GraphIndex;
  /** weights, largest activation and step memory, per model node and in all */
  sizes: SizeEstimate;
}

export interface AnalyzeOptions {
  /** global symbols the data has fixed (e.g. V once a tokenizer has seen the corpus) */
  globals?: ReadonlyMap<string, number>;
}

/**
 * Validate a graph and infer every port's type, reporting each problem once, at its root: a node
 * whose input is broken upstream is skipped silently, not blamed again.
 */
export function analyzeGraph(doc: GraphDocument, registry: NodeRegistry, opts: AnalyzeOptions = {}): Analysis {
  const diagnostics: Diagnostic[] = [];
  const error = (nodeId: string | null, message: string, port?: string) =>
    diagnostics.push({ nodeId, ...(port ? { port } : {}), severity: 'error', message });
  const index = new GraphIndex(doc);
  const nodes = new Map<string, AnalyzedNode>();

  for (const n of doc.nodes) {
    const entry: AnalyzedNode = { id: n.id, inputs: {} };
    nodes.set(n.id, entry);
    const def = registry.get(n.type);
    if (!def) {
      error(n.id, `unknown node type "${n.type}"`);
      continue;
    }
    entry.def = def;
    const parsed = parseParams(def, n.params, n.version);
    for (const issue of parsed.issues) diagnostics.push({ nodeId: n.id, ...issue, severity: 'error' });
    if (parsed.ok) entry.params = parsed.params;
  }

  // Edges whose ends do not exist are the destination's problem (that is where the user looks).
  const badEdges = new Set<number>();
  doc.edges.forEach((e, i) => {
    const to = nodes.get(e.to.node);
    const from = nodes.get(e.from.node);
    const blame = to ? e.to.node : from ? e.from.node : null;
    if (!from) return (badEdges.add(i), error(blame, `a connection comes from node "${e.from.node}", which does not exist`, to ? e.to.port : undefined));
    if (!to) return (badEdges.add(i), error(blame, `a connection goes to node "${e.to.node}", which does not exist`, e.from.port));
    if (from.def && !from.def.outputs.some((p) => p.name === e.from.port)) {
      badEdges.add(i);
      error(e.to.node, `is connected to "${e.from.port}" on node ${e.from.node}, but ${from.def.title} has no output of that name (it has: ${from.def.outputs.map((p) => p.name).join(', ') || 'none'})`, e.to.port);
    } else if (to.def && !to.def.inputs.some((p) => p.name === e.to.port)) {
      badEdges.add(i);
      error(e.to.node, `${to.def.title} has no input "${e.to.port}" (it has: ${to.def.inputs.map((p) => p.name).join(', ') || 'none'})`, e.to.port);
    }
  });
  // A node whose connection was already reported as broken is not blamed again for the input
  // that connection was meant to fill.
  const brokenInto = new Set<string>();
  badEdges.forEach((i) => brokenInto.add(doc.edges[i]!.to.node));
  const seenInputs = new Set<string>();
  doc.edges.forEach((e, i) => {
    const key = `${e.to.node}.${e.to.port}`;
    if (badEdges.has(i)) return;
    if (seenInputs.has(key)) {
      badEdges.add(i);
      error(e.to.node, `has more than one connection into this input; keep one`, e.to.port);
    }
    seenInputs.add(key);
  });

  const { order, cycles } = topologicalOrder(index);
  for (const loop of cycles) {
    const path = [...loop, loop[0]].join(' -> ');
    for (const id of loop) error(id, `is part of a cycle (${path}); data must flow one way`);
  }

  const goodEdgeInto = new Map<string, GraphEdge>();
  doc.edges.forEach((e, i) => {
    const key = `${e.to.node}.${e.to.port}`;
    if (!badEdges.has(i) && !goodEdgeInto.has(key)) goodEdgeInto.set(key, e);
  });
  const edgeInto = (nodeId: string, port: string) => goodEdgeInto.get(`${nodeId}.${port}`);

  for (const id of order) {
    const entry = nodes.get(id)!;
    const def = entry.def;
    if (!def || entry.params === undefined) continue;
    const bindings = new Map<string, Dim>();
    const origin = new Map<string, string>();
    for (const [sym, value] of Object.entries(def.dims?.(entry.params) ?? {})) {
      bindings.set(sym, value);
      origin.set(sym, 'its settings');
    }
    let blocked = false;
    let broken = false;
    for (const port of def.inputs) {
      const edge = edgeInto(id, port.name);
      if (!edge) {
        if (!port.optional) {
          if (!brokenInto.has(id)) error(id, `needs an input here: connect ${port.doc || port.name}`, port.name);
          broken = true;
        }
        continue;
      }
      const upstream = nodes.get(edge.from.node)?.outputs?.[edge.from.port];
      if (!upstream) {
        blocked = true;
        continue;
      }
      entry.inputs[port.name] = upstream;
      const check = canConnect(upstream, port, bindings, origin);
      if (!check.ok) {
        error(id, check.reason, port.name);
        broken = true;
      }
    }
    if (blocked || broken) continue;

    const outputs: Record<string, TensorType> = {};
    for (const port of def.outputs) outputs[port.name] = substitute(port.type, bindings);
    const inferred = def.infer?.({ params: entry.params, inputs: entry.inputs, dims: bindings });
    Object.assign(outputs, inferred?.outputs ?? {});
    passOnSpecials(def, entry.inputs, outputs);
    let failed = false;
    for (const issue of inferred?.issues ?? []) {
      const severity = issue.severity ?? 'error';
      diagnostics.push({ nodeId: id, ...(issue.port ? { port: issue.port } : {}), ...(issue.param ? { param: issue.param } : {}), severity, message: issue.message });
      if (severity === 'error') failed = true;
    }
    if (failed) continue;
    if (opts.globals) for (const k of Object.keys(outputs)) outputs[k] = substitute(outputs[k]!, opts.globals);
    entry.outputs = outputs;
  }

  diagnostics.push(...checkGraphShape(doc, index, nodes));
  diagnostics.push(...checkUnusedLossWeights(doc, index, nodes));
  const sizes = estimateSizes(order, nodes);
  // no backend is known here: a GPU with that much memory may still train it (compile refuses it on wasm and cpu)
  const tooBig = stepMemoryProblem(sizes, FOUR_GIB, 'wasm or the cpu backend', 'warning');
  if (tooBig) diagnostics.push(tooBig);
  return { diagnostics, nodes, order, index, sizes };
}

/**
 * Ids in one id space share its special tokens: an output whose vocabulary symbol is also an
 * input's (blocks, masking) carries what that input knows, unless the node said otherwise.
 */
function passOnSpecials(def: NodeDefinition, inputs: Record<string, TensorType | undefined>, outputs: Record<string, TensorType>): void {
  for (const port of def.outputs) {
    const sym = port.type.vocab;
    const out = outputs[port.name];
    if (!isSymbol(sym ?? 0) || !out || out.specials) continue;
    const source = def.inputs.find((i) => i.type.vocab === sym && inputs[i.name]?.specials);
    if (source) outputs[port.name] = { ...out, specials: inputs[source.name]!.specials! };
  }
}

/** Just the problems, for callers that only need to know whether a graph is sound. */
export function validateGraph(doc: GraphDocument, registry: NodeRegistry): Diagnostic[] {
  return analyzeGraph(doc, registry).diagnostics;
}
