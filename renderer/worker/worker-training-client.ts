import type { GraphDocument } from '../../engine/core/graph-document.js';
import { isProcessBackend, type PreviewResult, type RunEvent, type RunHandle, type RunRequest, type TrainingClient } from '../src/run/training-client.js';
import type { CompareHandle, CompareRequest, CompareRunEvent } from '../src/compare/compare-events.js';
import { BACKEND_CHOICES, parseFromWorker, toWorkerMessage, type FromWorkerMessage, type ToWorkerMessage } from './protocol.js';

/**
 * The UI thread's side of the training worker. One worker serves every run and preview; when it
 * dies (an error nothing caught, a `fatal` message, a message that breaks the protocol) the run
 * in progress gets a `crash` event, pending previews fail, and the next call starts a fresh
 * worker — the graph and every event already received are untouched.
 */
export interface WorkerTrainingClient extends TrainingClient {
  /** hand file contents to the worker by name, for text-corpus nodes whose source is "file" */
  registerUserFiles(files: Record<string, string>): void;
  /** train and measure graphs on a matched budget in the worker, one run after another */
  compare(req: CompareRequest, onEvent: (e: CompareRunEvent) => void): CompareHandle;
  /** the graph as a PyTorch program and its data folder's files; rejects with a PreviewError naming the node at fault */
  exportPytorch(doc: GraphDocument): Promise<PytorchExport>;
}

/** An exported PyTorch program: its source, and the files of its data folder (PROGRAM.data/). */
export interface PytorchExport {
  source: string;
  files: { name: string; bytes: Uint8Array }[];
}

export interface WorkerTrainingClientOptions {
  /** how to start a worker; the training worker by default */
  createWorker?(): Worker;
}

export const createTrainingWorker = (): Worker => new Worker(new URL('./training-worker.ts', import.meta.url), { type: 'module', name: 'pretrain-lab training' });

interface ActiveRun<E = RunEvent> {
  onEvent(e: E): void;
  settle(): void;
}

/** a preview or an export waiting for its answer */
interface PendingRequest {
  resolve(r: PreviewResult | PytorchExport): void;
  reject(e: Error): void;
}

/** Thrown by preview() for a problem in the graph; `nodeId` says where (null: the graph as a whole). */
export class PreviewError extends Error {
  constructor(
    message: string,
    readonly nodeId: string | null,
  ) {
    super(message);
    this.name = 'PreviewError';
  }
}

let runCounter = 0;
/** Readable, sortable and unique enough to key checkpoints by: run-<time>-<random>. */
export function newRunId(): string {
  const rand = Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, '0');
  return `run-${Date.now().toString(36)}-${(runCounter++).toString(36)}${rand}`;
}

export function createWorkerTrainingClient(opts: WorkerTrainingClientOptions = {}): WorkerTrainingClient {
  const createWorker = opts.createWorker ?? createTrainingWorker;
  let worker: Worker | null = null;
  let disposed = false;
  const runs = new Map<string, ActiveRun>();
  const compares = new Map<string, ActiveRun<CompareRunEvent>>();
  const requests = new Map<number, PendingRequest>();
  let nextRequest = 0;
  // kept so that a fresh worker after a crash knows the same files
  const userFiles: Record<string, string> = {};

  /** The worker is gone: tell everyone waiting on it, and start afresh next time. */
  function lose(reason: string): void {
    const w = worker;
    worker = null;
    w?.terminate();
    for (const [runId, run] of [...runs]) {
      runs.delete(runId);
      run.onEvent({ event: 'crash', message: reason });
      run.settle();
    }
    for (const [id, c] of [...compares]) {
      compares.delete(id);
      c.onEvent({ event: 'crash', message: reason });
      c.settle();
    }
    for (const [id, p] of [...requests]) {
      requests.delete(id);
      p.reject(new Error(reason));
    }
  }

  function receive(raw: unknown): void {
    const got = parseFromWorker(raw);
    if (!got.ok) return lose(`the training worker broke the protocol: ${got.error}`);
    const m: FromWorkerMessage = got.message;
    switch (m.type) {
      case 'event': {
        const run = runs.get(m.payload.runId);
        if (!run) return; // a run this client no longer follows
        for (const e of m.payload.events) run.onEvent(e);
        if (m.payload.final) {
          runs.delete(m.payload.runId);
          run.settle();
        }
        return;
      }
      case 'compareEvent': {
        const c = compares.get(m.payload.compareId);
        if (!c) return;
        for (const e of m.payload.events) c.onEvent(e);
        if (m.payload.final) {
          compares.delete(m.payload.compareId);
          c.settle();
        }
        return;
      }
      case 'previewResult':
      case 'exportResult':
      case 'requestError': {
        const p = requests.get(m.payload.requestId);
        if (!p) return;
        requests.delete(m.payload.requestId);
        if (m.type === 'previewResult') p.resolve(m.payload.result);
        else if (m.type === 'exportResult') p.resolve({ source: m.payload.source, files: m.payload.files });
        else p.reject(new PreviewError(m.payload.message, m.payload.nodeId));
        return;
      }
      case 'fatal':
        return lose(`the training worker stopped: ${m.payload.message}`);
    }
  }

  function ensureWorker(): Worker {
    if (disposed) throw new Error('this training client has been disposed');
    if (worker) return worker;
    const w = createWorker();
    worker = w;
    w.addEventListener('message', (e: MessageEvent) => w === worker && receive(e.data));
    w.addEventListener('messageerror', () => w === worker && lose('the training worker sent a message that could not be read'));
    w.addEventListener('error', (e: ErrorEvent) => {
      e.preventDefault();
      if (w === worker) lose(`the training worker crashed: ${e.message || 'it could not be started or ran out of memory'}`);
    });
    if (Object.keys(userFiles).length) w.postMessage(toWorkerMessage('registerUserFiles', { files: { ...userFiles } }));
    return w;
  }

  function send(message: ToWorkerMessage): void {
    ensureWorker().postMessage(message);
  }

  /** a message answered once, by `requestId` */
  function request(make: (requestId: number) => ToWorkerMessage): Promise<PreviewResult | PytorchExport> {
    return new Promise((resolve, reject) => {
      const requestId = nextRequest++;
      requests.set(requestId, { resolve, reject });
      try {
        send(make(requestId));
      } catch (e) {
        requests.delete(requestId);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  return {
    backends: BACKEND_CHOICES,
    start(req: RunRequest, onEvent: (e: RunEvent) => void): RunHandle {
      const runId = req.resumeRunId ?? newRunId();
      let settle!: () => void;
      const finished = new Promise<void>((resolve) => (settle = resolve));
      const handle: RunHandle = {
        runId,
        finished,
        stop: () => {
          if (runs.has(runId) && worker) worker.postMessage(toWorkerMessage('stop', { runId }));
        },
        kill: () => {
          const run = runs.get(runId);
          if (!run) return;
          // this run ends quietly; anything else waiting on the worker hears why it went
          runs.delete(runId);
          lose('the training worker was ended by a Stop');
          run.settle();
        },
      };
      const fail = (message: string) =>
        queueMicrotask(() => {
          onEvent({ event: 'error', step: 0, nodeId: null, message });
          settle();
        });
      if (runs.has(runId)) return fail(`run ${runId} is already going`), handle;
      const backend = req.backend;
      if (isProcessBackend(backend)) return fail(`the ${backend} backend runs in the desktop app (Electron) only, not in the browser worker`), handle;
      try {
        runs.set(runId, { onEvent, settle });
        send(
          toWorkerMessage('start', {
            runId,
            doc: req.doc,
            backend,
            ...(req.steps !== undefined ? { steps: req.steps } : {}),
            resume: req.resumeRunId !== undefined,
          }),
        );
      } catch (e) {
        runs.delete(runId);
        fail(`the run could not be started: ${e instanceof Error ? e.message : String(e)}`);
      }
      return handle;
    },

    preview(doc: GraphDocument, nodeId: string): Promise<PreviewResult> {
      return request((requestId) => toWorkerMessage('preview', { requestId, doc, nodeId })) as Promise<PreviewResult>;
    },

    exportPytorch(doc: GraphDocument): Promise<PytorchExport> {
      return request((requestId) => toWorkerMessage('exportPytorch', { requestId, doc })) as Promise<PytorchExport>;
    },

    compare(req: CompareRequest, onEvent: (e: CompareRunEvent) => void): CompareHandle {
      const { compareId } = req;
      let settle!: () => void;
      const finished = new Promise<void>((resolve) => (settle = resolve));
      const handle: CompareHandle = {
        compareId,
        finished,
        stop: () => {
          if (compares.has(compareId) && worker) worker.postMessage(toWorkerMessage('stop', { runId: compareId }));
        },
      };
      const fail = (message: string) =>
        queueMicrotask(() => {
          onEvent({ event: 'error', graph: null, graphName: null, nodeId: null, message });
          settle();
        });
      if (compares.has(compareId)) return fail(`compare ${compareId} is already going`), handle;
      try {
        compares.set(compareId, { onEvent, settle });
        send(toWorkerMessage('compare', req));
      } catch (e) {
        compares.delete(compareId);
        fail(`the compare could not be started: ${e instanceof Error ? e.message : String(e)}`);
      }
      return handle;
    },

    registerUserFiles(files: Record<string, string>): void {
      Object.assign(userFiles, files);
      if (worker) worker.postMessage(toWorkerMessage('registerUserFiles', { files }));
    },

    dispose(): void {
      if (disposed) return;
      lose('the training worker was shut down');
      disposed = true;
    },
  };
}
