import { portKey } from '../core/graph-document.js';
import type { Diagnostic } from '../core/diagnostics.js';
import { makeRng } from '../core/rng.js';
import type { Analysis } from '../analysis/validate.js';
import type { BatchNode, SourceNode, StaticPort } from '../registry/define-node.js';
import type { DataSource } from '../data/data-source.js';
import type { Batch } from './program-types.js';
import { inputPorts } from './static-ports.js';
import { runNode, runNodeAsync } from './run-node.js';

/**
 * The data side of a graph — the source stage (corpora, tokenizers) and the batch stage
 * (blocks, masking) — as the compiler runs it for training and the app runs it to preview one
 * node. One implementation, so a preview shows exactly the batch a run trains on.
 */

export interface SourceStage {
  /** every source output, by "node.port" */
  values: Map<string, unknown>;
  /** global shape symbols the data fixed (V once a tokenizer has seen the corpus) */
  globals: Map<string, number>;
  /** what each source node asked to be saved with checkpoints */
  states: Record<string, unknown>;
  /** what source nodes warned about the data, pinned to them */
  warnings: Diagnostic[];
}

export interface SourceContext {
  seed: number;
  data: DataSource;
  mode: 'train' | 'inference';
  savedStates?: Record<string, unknown>;
  onProgress?(nodeId: string, message: string): void;
}

/** Run the given source nodes once, in the analysis's order; each sees its upstream sources' values. */
export async function runSourceStage(analysis: Analysis, ids: ReadonlySet<string>, ctx: SourceContext): Promise<SourceStage> {
  const values = new Map<string, unknown>();
  const globals = new Map<string, number>();
  const states: Record<string, unknown> = {};
  const warnings: Diagnostic[] = [];
  for (const id of analysis.order.filter((n) => ids.has(n))) {
    const node = analysis.nodes.get(id)!;
    const inputs: Record<string, unknown> = {};
    for (const e of analysis.index.incoming.get(id) ?? []) inputs[e.to.port] = values.get(portKey(e.from));
    const result = await runNodeAsync(id, () =>
      (node.def as SourceNode<unknown>).setup({
        nodeId: id,
        params: node.params,
        inputs,
        data: ctx.data,
        mode: ctx.mode,
        saved: ctx.savedStates?.[id],
        seed: ctx.seed,
        progress: (m) => ctx.onProgress?.(id, m),
        warn: (message) => warnings.push({ nodeId: id, severity: 'warning', message }),
      }),
    );
    for (const [port, value] of Object.entries(result.outputs)) values.set(portKey({ node: id, port }), value);
    for (const [sym, size] of Object.entries(result.dims ?? {})) globals.set(sym, size);
    if (result.state !== undefined) states[id] = result.state;
  }
  return { values, globals, states, warnings };
}

/**
 * The batch stage over `ids` (in order): each node's one-off checks first, then a function that
 * draws batch `index` of a split. Every batch node's randomness is seeded from the graph seed,
 * its id, the split and the index, so batch k is the same whoever draws it.
 */
export function batchStage(analysis: Analysis, ids: readonly string[], sourceValues: ReadonlyMap<string, unknown>, ports: Map<string, StaticPort>, seed: number) {
  const ordered = analysis.order.filter((n) => ids.includes(n));
  for (const id of ordered) {
    const node = analysis.nodes.get(id)!;
    runNode(id, () => (node.def as BatchNode<unknown>).prepare?.({ nodeId: id, params: node.params, ports: inputPorts(analysis, id, ports) }));
  }
  return (split: 'train' | 'val', index: number): Batch => {
    const values = new Map<string, unknown>(sourceValues);
    const batch: Batch = new Map();
    for (const id of ordered) {
      const node = analysis.nodes.get(id)!;
      const inputs: Record<string, unknown> = {};
      for (const e of analysis.index.incoming.get(id) ?? []) inputs[e.to.port] = values.get(portKey(e.from));
      const rng = makeRng(seed, 'batch', id, split, index);
      const ctx = { nodeId: id, params: node.params, inputs, ports: inputPorts(analysis, id, ports), split, rng };
      const out = runNode(id, () => (node.def as BatchNode<unknown>).batch(ctx));
      for (const [port, t] of Object.entries(out)) {
        const key = portKey({ node: id, port });
        values.set(key, t);
        batch.set(key, t);
      }
    }
    return batch;
  };
}
