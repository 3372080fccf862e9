import { portKey, type GraphDocument } from '../engine/core/graph-document.js';
import type { HostTensor } from '../engine/core/host-tensor.js';
import { GraphError, NodeRunError } from '../engine/core/diagnostics.js';
import { compileGraph } from '../engine/compile/compile.js';
import type { TrainingProgram } from '../engine/compile/program-types.js';
import type { DataSource } from '../engine/data/data-source.js';
import type { NodeRegistry } from '../engine/registry/registry.js';
import type { Checkpoint, CheckpointStore } from '../engine/train/checkpoint.js';
import type { TrainEvent } from '../engine/train/events.js';
import { train, TrainingError } from '../engine/train/trainer.js';
import { summarize, type CompareRow, type RunResult } from './compare-summary.js';
import { measureRun, type MeasureContext } from './index.js';
import { brownGenres, type ProbeData } from './probe.js';

/**
 * Compare objectives on a matched budget: every graph trains on the same number of training
 * tokens — the token ids its batching nodes draw from the tokenizer's stream, B x T a step for
 * fixed-length blocks, counted before any masking or corruption — with K seeds each, and every
 * yardstick measures every run. Runs go one after another; each one's result is stored as soon as
 * it is measured, and a run cut short resumes from its last checkpoint, so a killed compare
 * picks up where it stopped. A run that fails (NaN loss, a yardstick that cannot read the model)
 * is named with its node and the compare goes on without that graph's other seeds: one broken
 * graph must not cost the hours the others take. A graph that cannot be planned stops it at once,
 * before anything trains.
 */

export { DEFAULT_BUDGET_TOKENS } from './compare-budget.js';

export { summarize, type CompareRow, type RunResult } from './compare-summary.js';

export interface CompareGraph {
  /** where it came from (a file path, a sample's name): the row's label */
  source: string;
  doc: GraphDocument;
}

/** Where a compare keeps what it has done (files for the CLI, browser storage for the app). */
export interface CompareStore {
  result(key: string): Promise<RunResult | undefined>;
  saveResult(key: string, r: RunResult): Promise<void>;
  checkpoints(key: string): CheckpointStore;
  latestCheckpoint(key: string): Promise<Checkpoint | undefined>;
}

export interface CompareOptions {
  graphs: CompareGraph[];
  /** training tokens per run */
  budgetTokens: number;
  seeds: number;
  registry: NodeRegistry;
  data: DataSource;
  store: CompareStore;
  onEvent?(e: CompareEvent): void;
  signal?: AbortSignal;
  /** read once for every run's probe; given to skip reading Brown again */
  probe?: ProbeData;
  measureOptions?: MeasureContext['options'];
}

export type CompareEvent =
  | { event: 'plan'; runs: { key: string; graph: string; seed: number; steps: number }[] }
  | { event: 'run'; index: number; key: string; graph: string; seed: number; steps: number; resumed: boolean; stored: boolean }
  | { event: 'train'; index: number; step: number; steps: number; loss: number; etaSeconds: number }
  | { event: 'measure'; index: number; yardstick: string }
  | { event: 'result'; index: number; result: RunResult }
  | ({ event: 'failed'; index: number } & RunFailure);

/** A run that failed, its graph named with the node at fault (where one is); `skipped`: the same graph's runs left out. */
export interface RunFailure {
  graph: string;
  graphName: string;
  seed: number;
  during: 'training' | 'measuring';
  nodeId: string | null;
  message: string;
  /** plan indices of this graph's later runs, not tried */
  skipped: number[];
}

/** The node an engine error is about (the first error of a GraphError), and its message. */
export function pinProblem(e: unknown): { nodeId: string | null; message: string } {
  if (e instanceof TrainingError || e instanceof NodeRunError) return { nodeId: e.nodeId, message: e.message };
  if (e instanceof GraphError) {
    const errors = e.diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0] ?? e.diagnostics[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
    const message = !first ? e.message : first.param ? `setting "${first.param}": ${first.message}` : first.message;
    return { nodeId: first?.nodeId ?? null, message: message + more };
  }
  return { nodeId: null, message: e instanceof Error ? e.message : String(e) };
}

/**
 * A graph that failed to compile, train or be measured, named: a compare reads many graphs, and
 * the person must know which one to fix. `cause` is the engine's error (a GraphError, NodeRunError
 * or TrainingError, pinned to a node). The runs measured before it are kept by the store.
 */
export class CompareGraphError extends Error {
  readonly graph: string;
  readonly graphName: string;
  constructor(
    graph: CompareGraph,
    override readonly cause: unknown,
  ) {
    super(`${graph.source} ("${graph.doc.name}"): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'CompareGraphError';
    this.graph = graph.source;
    this.graphName = graph.doc.name;
  }
}

async function naming<T>(graph: CompareGraph, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw new CompareGraphError(graph, e);
  }
}

/** Training tokens a step reads: the token ids batch nodes draw from token streams. */
export function tokensPerStep(program: TrainingProgram): number {
  const batch = program.nextBatch('train', 0);
  let count = 0;
  for (const id of program.analysis.order) {
    const node = program.analysis.nodes.get(id)!;
    if (node.def?.stage !== 'batch') continue;
    const readsStream = (program.analysis.index.incoming.get(id) ?? []).some((e) => program.analysis.nodes.get(e.from.node)?.outputs?.[e.from.port]?.role === 'token-stream');
    if (!readsStream) continue;
    for (const [port, type] of Object.entries(node.outputs ?? {})) {
      const h = batch.get(portKey({ node: id, port })) as HostTensor | undefined;
      if (h && type.role === 'token-ids') count += h.data.length;
    }
  }
  return count;
}

/** The graph with this seed, trained for `steps`: the schedule stretched or squeezed to fit. */
export function withBudget(doc: GraphDocument, seed: number, steps: number, optimizerNodeId: string, warmup: number): GraphDocument {
  return {
    ...doc,
    seed,
    nodes: doc.nodes.map((n) =>
      n.id === optimizerNodeId
        ? { ...n, params: { ...n.params, steps, warmupSteps: Math.min(warmup, Math.max(1, Math.floor(steps / 10))), evalInterval: Math.max(1, Math.ceil(steps / 4)) } }
        : n,
    ),
  };
}

export function runKey(graphIndex: number, graph: CompareGraph, seed: number): string {
  const slug = graph.doc.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'graph';
  return `${String(graphIndex + 1).padStart(2, '0')}-${slug}-seed${seed}`;
}

/** Train and measure every graph with every seed, reusing what the store already holds. */
export async function compare(o: CompareOptions): Promise<{ results: RunResult[]; rows: CompareRow[]; failures: RunFailure[] }> {
  const emit = (e: CompareEvent) => o.onEvent?.(e);
  // plan: each graph's steps for the budget (its batches' size decides them)
  const plan: { key: string; graph: CompareGraph; seed: number; steps: number; tokensPerStep: number; optimizerNodeId: string; warmup: number }[] = [];
  for (const [g, graph] of o.graphs.entries()) {
    const probe = await naming(graph, () => compileGraph(graph.doc, { registry: o.registry, data: o.data }));
    try {
      const perStep = tokensPerStep(probe);
      const steps = perStep > 0 ? Math.max(1, Math.round(o.budgetTokens / perStep)) : probe.settings.steps;
      for (let k = 0; k < o.seeds; k++) {
        const seed = graph.doc.seed + k;
        plan.push({ key: runKey(g, graph, seed), graph, seed, steps, tokensPerStep: perStep, optimizerNodeId: probe.optimizerNodeId, warmup: probe.settings.warmupSteps });
      }
    } catch (e) {
      throw new CompareGraphError(graph, e);
    } finally {
      probe.dispose();
    }
  }
  emit({ event: 'plan', runs: plan.map((p) => ({ key: p.key, graph: p.graph.source, seed: p.seed, steps: p.steps })) });
  const probeData = o.probe ?? (await brownGenres(o.data));
  const results: RunResult[] = [];
  const failures: RunFailure[] = [];
  const failed = new Set<CompareGraph>();
  for (const [index, p] of plan.entries()) {
    if (o.signal?.aborted) break;
    if (failed.has(p.graph)) continue;
    const stored = await o.store.result(p.key);
    if (stored) {
      emit({ event: 'run', index, key: p.key, graph: p.graph.source, seed: p.seed, steps: p.steps, resumed: false, stored: true });
      results.push(stored);
      emit({ event: 'result', index, result: stored });
      continue;
    }
    const doc = withBudget(p.graph.doc, p.seed, p.steps, p.optimizerNodeId, p.warmup);
    const resume = await o.store.latestCheckpoint(p.key);
    emit({ event: 'run', index, key: p.key, graph: p.graph.source, seed: p.seed, steps: p.steps, resumed: resume !== undefined, stored: false });
    const started = Date.now();
    let program: TrainingProgram | undefined;
    let random: TrainingProgram | undefined;
    let during: RunFailure['during'] = 'training';
    let result: RunResult;
    try {
      program = await compileGraph(doc, { registry: o.registry, data: o.data, ...(resume ? { savedStates: resume.manifest.sourceStates } : {}) });
      const losses: number[] = [];
      const onEvent = (e: TrainEvent) => {
        if (e.event !== 'step') return;
        losses.push(e.loss);
        emit({ event: 'train', index, step: e.step, steps: p.steps, loss: e.loss, etaSeconds: e.etaSeconds });
      };
      const r = await train({ program, onEvent, store: o.store.checkpoints(p.key), outputs: false, ...(resume ? { resume } : {}), ...(o.signal ? { signal: o.signal } : {}) });
      if (r.stopped) break;
      during = 'measuring';
      random = await compileGraph(doc, { registry: o.registry, data: o.data });
      const measures = await measureRun(program, { probe: probeData, randomInit: random, onProgress: (yardstick) => emit({ event: 'measure', index, yardstick }), ...(o.measureOptions ? { options: o.measureOptions } : {}) });
      // a resumed run's curve starts at its checkpoint: the stored one keeps what this call saw
      result = { graph: p.graph.source, name: p.graph.doc.name, seed: p.seed, steps: p.steps, tokensPerStep: p.tokensPerStep, losses, valLoss: r.valLoss, measures, seconds: (Date.now() - started) / 1000 };
    } catch (e) {
      // its checkpoint stays: the same compare again tries this run from where it failed
      failed.add(p.graph);
      const skipped = plan.flatMap((q, i) => (i > index && q.graph === p.graph ? [i] : []));
      const failure: RunFailure = { graph: p.graph.source, graphName: p.graph.doc.name, seed: p.seed, during, ...pinProblem(e), skipped };
      failures.push(failure);
      emit({ event: 'failed', index, ...failure });
      continue;
    } finally {
      program?.dispose();
      random?.dispose();
    }
    await o.store.saveResult(p.key, result);
    results.push(result);
    emit({ event: 'result', index, result });
  }
  return { results, rows: summarize(results), failures };
}
