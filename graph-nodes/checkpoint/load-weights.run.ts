import * as tf from '@tensorflow/tfjs';
import type { SavedRun, SavedVariable } from '../../engine/data/saved-run.js';
import type { NamedVariable } from '../../engine/runtime/variables.js';
import type { TensorApply } from '../../engine/runtime/step.js';

/** What matching a saved run needs to know about a node of this graph. */
export interface GraphNodeInfo {
  id: string;
  type: string;
  family: string;
  /** its settings, defaults filled in */
  params: unknown;
  /** its type's default settings, to fill into the saved run's */
  defaults: Record<string, unknown>;
}

/** What to take from a saved run: tokenizer states to set up from, and values for the model's weights. */
export interface SavedWeightsPlan {
  /** states for source nodes (tokenizers), by node id: they set up as if resuming */
  sourceStates: Record<string, unknown>;
  /** assign the saved values to the freshly made weights (vocabSize only words a mismatch better) */
  apply(variables: readonly NamedVariable[], vocabSize?: number): void;
}

/** "a, b c" -> ["a", "b", "c"] */
export function nodeList(nodes: string): string[] {
  return nodes.split(/[\s,]+/).filter((id) => id !== '');
}

/** The model side of a load-weights node: the loss passes through unchanged. */
export function passLoss(): TensorApply {
  return ({ loss }) => ({ loss: tf.clone(loss!) });
}

/**
 * Matches a saved run against this graph, node by node (same id, same type), and turns it into
 * a plan. Every failure names the node at fault.
 */
export function planFromRun(only: readonly string[], saved: SavedRun, nodes: readonly GraphNodeInfo[], loadId: string): SavedWeightsPlan {
  const fail = (message: string): never => {
    throw new Error(message);
  };
  const here = new Map(nodes.map((n) => [n.id, n]));
  const run = `run ${saved.run}`;
  const savedNodes = new Map(saved.graph.nodes.map((n) => [n.id, n]));
  const savedVars = new Map<string, SavedVariable[]>();
  for (const n of saved.graph.nodes) {
    const vars = saved.variables.filter((v) => v.name.startsWith(`${n.id}/`));
    if (vars.length) savedVars.set(n.id, vars);
  }
  const hasWeights = (id: string) => savedVars.has(id) || saved.sourceStates[id] !== undefined;

  let ids: string[];
  if (only.length) {
    for (const id of only) {
      if (!here.has(id)) fail(`setting "nodes": this graph has no node "${id}"`);
      if (!savedNodes.has(id)) fail(`setting "nodes": ${run} has no node "${id}"`);
      if (!hasWeights(id)) fail(`setting "nodes": node ${id} has no weights or saved state in ${run}`);
    }
    ids = [...only];
  } else {
    // By default a saved state is taken only from tokenizers: a data node's state would replay the old corpus.
    const wanted = (id: string) => savedVars.has(id) || (saved.sourceStates[id] !== undefined && here.get(id)?.family === 'tokenizer');
    ids = nodes.map((n) => n.id).filter((id) => id !== loadId && savedNodes.has(id) && wanted(id));
    if (!ids.length) fail(`no node of this graph matches a node with weights in ${run} (nodes match by id)`);
  }

  const sourceStates: Record<string, unknown> = {};
  for (const id of ids) {
    const mine = here.get(id)!;
    const there = savedNodes.get(id)!;
    if (mine.type !== there.type) fail(`node ${id} is ${mine.type} in this graph but ${there.type} in ${run}: a node loads only what its own type saved`);
    if (saved.sourceStates[id] === undefined) continue;
    // A saved vocabulary wins over the node's settings, so they must agree or the settings would silently not apply.
    const theirs = there.params && typeof there.params === 'object' ? { ...mine.defaults, ...there.params } : there.params;
    if (JSON.stringify(theirs) !== JSON.stringify(mine.params)) {
      fail(`node ${id}: its settings ${JSON.stringify(mine.params)} differ from ${run}'s ${JSON.stringify(theirs)}; a continued run reads the new text with the saved vocabulary, so use the same settings`);
    }
    sourceStates[id] = saved.sourceStates[id];
  }

  const apply: SavedWeightsPlan['apply'] = (variables, vocabSize) => {
    const problems: string[] = [];
    const assignments: [tf.Variable, SavedVariable][] = [];
    for (const id of ids.filter((i) => savedVars.has(i))) {
      const mine = new Map(variables.filter((v) => v.name.startsWith(`${id}/`)).map((v) => [v.name, v.variable]));
      const theirs = savedVars.get(id)!;
      const local = (name: string) => name.slice(id.length + 1);
      for (const s of theirs) {
        const v = mine.get(s.name);
        if (!v) problems.push(`node ${id}: variable ${local(s.name)} is in ${run} but not in the graph`);
        else if (v.shape.join(',') !== s.shape.join(',')) problems.push(shapeProblem(id, local(s.name), v.shape, s.shape, run, vocabSize));
        else assignments.push([v, s]);
      }
      for (const name of mine.keys()) {
        if (!theirs.some((s) => s.name === name)) problems.push(`node ${id}: variable ${local(name)} is in the graph but not in ${run}`);
      }
    }
    if (problems.length) {
      const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
      fail(problems.slice(0, 3).join('; ') + more);
    }
    for (const [v, s] of assignments) tf.tidy(() => v.assign(tf.tensor(s.values, s.shape, 'float32')));
  };
  return { sourceStates, apply };
}

function shapeProblem(id: string, name: string, mine: number[], theirs: number[], run: string, vocab: number | undefined): string {
  const base = `node ${id}: variable ${name} is [${mine.join(',')}] in the graph but [${theirs.join(',')}] in ${run}`;
  const at = mine.findIndex((d, i) => d !== theirs[i]);
  if (vocab !== undefined && mine.length === theirs.length && mine[at] === vocab) {
    return `${base}: the vocabularies differ (${vocab} tokens here, ${theirs[at]} there); load the tokenizer node too, so the new text is read with the saved vocabulary`;
  }
  return base;
}
