import type { GraphDocument } from '../../engine/core/graph-document.js';
import { compileGraph } from '../../engine/compile/compile.js';
import type { TrainingProgram } from '../../engine/compile/program-types.js';
import type { Checkpoint, CheckpointStore } from '../../engine/train/checkpoint.js';
import { train, TrainingError } from '../../engine/train/trainer.js';
import { diagnosticEvents } from './diagnostic-events.js';
import type { NodeRegistry } from '../../engine/registry/registry.js';
import type { BackendChoice, RunEvent } from '../src/run/training-client.js';
import type { BrowserDataSource } from './browser-data-source.js';
import type { BackendStart } from './browser-backend.js';
import { runCompare, type CompareCheckpoints } from './compare-host.js';
import type { CompareRunEvent } from '../src/compare/compare-events.js';
import { createEventForwarder, type EventForwarder } from './event-forwarder.js';
import { previewNode, SourceStageCache } from './preview.js';
import { exportPytorchProgram } from './pytorch-export.js';
import { fromWorkerMessage, parseToWorker, type FromWorkerMessage, type ToWorkerPayloads } from './protocol.js';

/**
 * What the training worker does with each message, apart from being a worker: everything it
 * needs comes in through `deps`, so the same code runs in the worker (browser backends,
 * IndexedDB) and in Node tests (a Node backend, a store in memory).
 */
export interface WorkerHostDeps {
  post(message: FromWorkerMessage): void;
  initBackend(choice: BackendChoice): Promise<BackendStart>;
  registry: NodeRegistry;
  data: BrowserDataSource;
  checkpoints: {
    store(runId: string): CheckpointStore;
    loadLatest(runId: string): Promise<Checkpoint | null>;
  };
  /** where a compare's runs keep their checkpoints (one compare's at a time) */
  compareCheckpoints: CompareCheckpoints;
  /** how often, at most, step events are sent (ms) */
  stepIntervalMs?: number;
}

export interface WorkerHost {
  /** handle one message as it arrived (validated here) */
  receive(raw: unknown): void;
  /** the run in progress, if any */
  activeRunId(): string | null;
}

export function createWorkerHost(deps: WorkerHostDeps): WorkerHost {
  /**
   * the run or compare going (one at a time: they share the backend and the machine):
   * `controller` stops it at a step boundary, `skip` then skips a run's final evaluation
   */
  let active: { runId: string; what: string; controller: AbortController; skip: AbortController } | null = null;
  const sources = new SourceStageCache();

  const forwarder = (runId: string): EventForwarder =>
    createEventForwarder({ send: (events, final) => deps.post(fromWorkerMessage('event', { runId, events, final })), intervalMs: deps.stepIntervalMs });

  /** a run that ends before it began: one error event, final */
  const refuse = (runId: string, message: string) =>
    deps.post(fromWorkerMessage('event', { runId, events: [{ event: 'error', step: 0, nodeId: null, message }], final: true }));

  async function run(p: ToWorkerPayloads['start']): Promise<void> {
    if (active) return refuse(p.runId, `${active.what} is still going in this worker; stop it before starting another`);
    const controller = new AbortController();
    const skip = new AbortController();
    active = { runId: p.runId, what: `run ${p.runId} (“${p.doc.name}”)`, controller, skip };
    const out = forwarder(p.runId);
    let program: TrainingProgram | undefined;
    try {
      let backend: BackendStart;
      try {
        backend = await deps.initBackend(p.backend);
      } catch (e) {
        return out.emit({ event: 'error', step: 0, nodeId: null, message: messageOf(e) });
      }
      out.emit({ event: 'backend', ...backend });

      let resume: Checkpoint | undefined;
      let doc: GraphDocument = p.doc;
      if (p.resume) {
        let found: Checkpoint | null;
        try {
          found = await deps.checkpoints.loadLatest(p.runId);
        } catch (e) {
          return out.emit({ event: 'error', step: 0, nodeId: null, message: `run ${p.runId} cannot be resumed: ${messageOf(e)}` });
        }
        if (!found) return out.emit({ event: 'error', step: 0, nodeId: null, message: `run ${p.runId} has no checkpoint to resume from` });
        resume = found;
        // Resuming continues exactly what was trained: the graph saved with the checkpoint.
        doc = found.manifest.graph;
      }
      try {
        program = await compileGraph(doc, {
          registry: deps.registry,
          data: deps.data,
          savedStates: resume?.manifest.sourceStates,
          onProgress: (nodeId, message) => out.emit({ event: 'progress', message: `${nodeId}: ${message}` }),
        });
      } catch (e) {
        const errors = diagnosticEvents(e);
        if (!errors) throw e;
        for (const ev of errors) out.emit(ev);
        return;
      }
      try {
        await train({
          program,
          steps: p.steps ?? resume?.manifest.totalSteps,
          onEvent: (e) => out.emit(e),
          signal: controller.signal,
          skip: skip.signal,
          store: deps.checkpoints.store(p.runId),
          resume,
        });
      } catch (e) {
        // the trainer has already reported it as an `error` event, pinned to its node
        if (!(e instanceof TrainingError)) throw e;
      }
    } catch (e) {
      out.emit({ event: 'crash', message: `the run failed unexpectedly: ${messageOf(e)}` });
    } finally {
      try {
        program?.dispose();
      } catch {
        // the run is over either way
      }
      active = null;
      out.end();
    }
  }

  async function compareGraphs(p: ToWorkerPayloads['compare']): Promise<void> {
    const out = createEventForwarder<CompareRunEvent>({
      send: (events, final) => deps.post(fromWorkerMessage('compareEvent', { compareId: p.compareId, events, final })),
      frequent: (e) => e.event === 'train',
      intervalMs: deps.stepIntervalMs,
    });
    if (active) {
      out.emit({ event: 'error', graph: null, graphName: null, nodeId: null, message: `${active.what} is still going in this worker; stop it before comparing` });
      return out.end();
    }
    const controller = new AbortController();
    active = { runId: p.compareId, what: 'a compare', controller, skip: new AbortController() };
    try {
      await runCompare(p, { initBackend: deps.initBackend, registry: deps.registry, data: deps.data, checkpoints: deps.compareCheckpoints }, out, controller.signal);
    } catch (e) {
      out.emit({ event: 'crash', message: `the compare failed unexpectedly: ${messageOf(e)}` });
    } finally {
      active = null;
      out.end();
    }
  }

  async function preview(p: ToWorkerPayloads['preview']): Promise<void> {
    try {
      const result = await previewNode(p.doc, p.nodeId, { registry: deps.registry, data: deps.data, cache: sources });
      deps.post(fromWorkerMessage('previewResult', { requestId: p.requestId, result }));
    } catch (e) {
      const pinned = diagnosticEvents(e)?.[0];
      deps.post(
        fromWorkerMessage('requestError', {
          requestId: p.requestId,
          nodeId: pinned?.nodeId ?? null,
          message: pinned ? pinned.message : `preview failed unexpectedly: ${messageOf(e)}`,
        }),
      );
    }
  }

  async function exportPytorch(p: ToWorkerPayloads['exportPytorch']): Promise<void> {
    try {
      // the compile needs a backend; during a run, the run's own (weights are read asynchronously)
      if (!active) await deps.initBackend('wasm');
      const r = await exportPytorchProgram(p.doc, { registry: deps.registry, data: deps.data });
      deps.post(fromWorkerMessage('exportResult', { requestId: p.requestId, ...r }));
    } catch (e) {
      const pinned = diagnosticEvents(e)?.[0];
      deps.post(fromWorkerMessage('requestError', { requestId: p.requestId, nodeId: pinned?.nodeId ?? null, message: pinned ? pinned.message : `the export failed: ${messageOf(e)}` }));
    }
  }

  return {
    activeRunId: () => active?.runId ?? null,
    receive(raw) {
      const got = parseToWorker(raw);
      if (!got.ok) {
        if (got.runId !== undefined && (raw as { type?: unknown }).type === 'start') return refuse(got.runId, got.error);
        if (got.compareId !== undefined && (raw as { type?: unknown }).type === 'compare') {
          const events: CompareRunEvent[] = [{ event: 'error', graph: null, graphName: null, nodeId: null, message: got.error }];
          return deps.post(fromWorkerMessage('compareEvent', { compareId: got.compareId, events, final: true }));
        }
        if (got.requestId !== undefined) return deps.post(fromWorkerMessage('requestError', { requestId: got.requestId, nodeId: null, message: got.error }));
        // nothing to attach it to: the UI and the worker disagree about the protocol itself
        return deps.post(fromWorkerMessage('fatal', { message: got.error }));
      }
      const m = got.message;
      switch (m.type) {
        case 'start':
          void run(m.payload);
          return;
        case 'compare':
          void compareGraphs(m.payload);
          return;
        case 'stop':
          // a second Stop skips the final evaluation and outputs
          if (active?.runId === m.payload.runId) (active.controller.signal.aborted ? active.skip : active.controller).abort();
          return;
        case 'preview':
          void preview(m.payload);
          return;
        case 'exportPytorch':
          void exportPytorch(m.payload);
          return;
        case 'registerUserFiles':
          deps.data.registerUserFiles(m.payload.files);
          sources.clear(); // a file may have new contents under the same name
          return;
      }
    },
  };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
