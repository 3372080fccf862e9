import type { Checkpoint, CheckpointStore } from '../../engine/train/checkpoint.js';
import type { NodeRegistry } from '../../engine/registry/registry.js';
import { compare, CompareGraphError, pinProblem, type CompareStore } from '../../yardsticks/compare.js';
import type { RunResult } from '../../yardsticks/compare-summary.js';
import type { CompareRequest, CompareRunEvent } from '../src/compare/compare-events.js';
import type { BackendChoice } from '../src/run/training-client.js';
import type { BackendStart } from './browser-backend.js';
import type { BrowserDataSource } from './browser-data-source.js';
import type { EventForwarder } from './event-forwarder.js';

/**
 * A compare in the training worker: the yardsticks' `compare` — the same matched budget, seeds,
 * runs and measures as `pretrain-lab compare` — with its events going to the UI. The UI keeps the
 * measured runs (it hands them back to continue a compare); the worker keeps the checkpoints of
 * the run in progress, so a compare stopped or cut by a reload resumes that run where it was.
 */

/** Where a compare's runs keep their checkpoints, by `<compareId>/<run key>`. */
export interface CompareCheckpoints {
  store(id: string): CheckpointStore;
  latest(id: string): Promise<Checkpoint | null>;
  forget(id: string): Promise<void>;
  /** forget every compare's checkpoints but those whose id starts with `prefix` (one compare is kept at a time) */
  keepOnly(prefix: string): Promise<void>;
}

export interface CompareHostDeps {
  initBackend(choice: BackendChoice): Promise<BackendStart>;
  registry: NodeRegistry;
  data: BrowserDataSource;
  checkpoints: CompareCheckpoints;
}

export async function runCompare(p: CompareRequest, deps: CompareHostDeps, out: EventForwarder<CompareRunEvent>, signal: AbortSignal): Promise<void> {
  let backend: BackendStart;
  try {
    backend = await deps.initBackend(p.backend);
  } catch (e) {
    return out.emit({ event: 'error', graph: null, graphName: null, nodeId: null, message: messageOf(e) });
  }
  out.emit({ event: 'backend', backend: backend.backend, tried: backend.tried });
  const prefix = `${p.compareId}/`;
  await deps.checkpoints.keepOnly(prefix);
  const completed = new Map<string, RunResult>(Object.entries(p.completed));
  const store: CompareStore = {
    result: async (key) => completed.get(key),
    async saveResult(key, r) {
      completed.set(key, r);
      // measured: the UI keeps the result, and nothing will resume this run again
      await deps.checkpoints.forget(prefix + key);
    },
    checkpoints: (key) => deps.checkpoints.store(prefix + key),
    latestCheckpoint: async (key) => (await deps.checkpoints.latest(prefix + key)) ?? undefined,
  };
  try {
    await compare({
      graphs: p.graphs,
      budgetTokens: p.budgetTokens,
      seeds: p.seeds,
      registry: deps.registry,
      data: deps.data,
      store,
      signal,
      onEvent: (e) => out.emit(e),
    });
    out.emit({ event: 'done', stopped: signal.aborted });
  } catch (e) {
    if (!(e instanceof CompareGraphError)) throw e;
    out.emit({ event: 'error', graph: e.graph, graphName: e.graphName, ...pinProblem(e.cause) });
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
