import type { GraphDocument } from '../../engine/core/graph-document.js';
import type { BackendChoice, PreviewResult, RunEvent } from '../src/run/training-client.js';
import { createTrainingWorker, createWorkerTrainingClient, PreviewError, type WorkerTrainingClient } from '../worker/worker-training-client.js';
import { listCheckpointRuns, loadLatestCheckpoint } from '../worker/indexeddb-checkpoint-store.js';

/**
 * A development page (served at /dev/worker-harness.html, never built into the app) that exposes
 * the training worker client to end-to-end tests through `window.workerHarness`. Results are
 * plain data so they cross page.evaluate intact.
 */

export interface HarnessRun {
  runId: string;
  /** every event, in the order onEvent received them */
  events: RunEvent[];
  /** wall time from start() until `finished` settled */
  ms: number;
}

export interface HarnessTrainOptions {
  steps?: number;
  resumeRunId?: string;
  /** call stop() once a step event at or past this step arrives */
  stopAtStep?: number;
  /** call kill() once a step event at or past this step arrives */
  killAtStep?: number;
}

/** A preview with its tensors as plain arrays. */
export type HarnessPreview =
  | { ok: true; nodeId: string; outputs: Record<string, { kind: string; role?: string; text?: string; tokens?: unknown; dtype?: string; shape?: number[]; data?: number[] }> }
  | { ok: false; message: string; nodeId: string | null };

/**
 * Never called. The dev server finds a page's dependencies by scanning it before serving, but it
 * does not look inside workers: without these lines it would discover the backend packages only
 * when the worker first imports them, re-bundle, and reload this page in the middle of a test.
 */
export const workerOnlyDependencies = () => [import('@tensorflow/tfjs-backend-wasm'), import('@tensorflow/tfjs-backend-webgpu')];

const log = document.getElementById('log')!;
const say = (line: string) => (log.textContent += line + '\n');

// A worker that dies on its first message, standing in for one that ran out of memory.
const CRASHING_WORKER = 'self.onmessage = () => { throw new Error("simulated worker crash"); };';

let crashNext = false;
let garbleNext = false;
let workersCreated = 0;
const createWorker = (): Worker => {
  workersCreated++;
  if (crashNext) {
    crashNext = false;
    return new Worker(URL.createObjectURL(new Blob([CRASHING_WORKER], { type: 'text/javascript' })));
  }
  const worker = createTrainingWorker();
  if (garbleNext) {
    garbleNext = false;
    // a message the real worker cannot place: it answers `fatal`
    worker.postMessage({ type: 'launch', payload: {} });
  }
  return worker;
};

let client: WorkerTrainingClient = createWorkerTrainingClient({ createWorker });

const harness = {
  async train(doc: GraphDocument, backend: BackendChoice, opts: HarnessTrainOptions = {}): Promise<HarnessRun> {
    const events: RunEvent[] = [];
    const t0 = performance.now();
    let stopped = false;
    const handle = client.start({ doc, backend, ...(opts.steps ? { steps: opts.steps } : {}), ...(opts.resumeRunId ? { resumeRunId: opts.resumeRunId } : {}) }, (e) => {
      events.push(e);
      if (e.event === 'step' && opts.stopAtStep !== undefined && e.step >= opts.stopAtStep && !stopped) {
        stopped = true;
        handle.stop();
      }
      if (e.event === 'step' && opts.killAtStep !== undefined && e.step >= opts.killAtStep && !stopped) {
        stopped = true;
        handle.kill!();
      }
      if (e.event !== 'step') say(JSON.stringify(e).slice(0, 200));
    });
    await handle.finished;
    return { runId: handle.runId, events, ms: Math.round(performance.now() - t0) };
  },

  async preview(doc: GraphDocument, nodeId: string): Promise<HarnessPreview> {
    let result: PreviewResult;
    try {
      result = await client.preview(doc, nodeId);
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e), nodeId: e instanceof PreviewError ? e.nodeId : null };
    }
    const outputs: Extract<HarnessPreview, { ok: true }>['outputs'] = {};
    for (const [port, v] of Object.entries(result.outputs)) {
      if (v.kind === 'tensor') outputs[port] = { kind: v.kind, role: v.role, dtype: v.tensor.dtype, shape: v.tensor.shape, data: Array.from(v.tensor.data), tokens: v.tokens };
      else outputs[port] = v;
    }
    return { ok: true, nodeId: result.nodeId, outputs };
  },

  registerUserFiles(files: Record<string, string>): void {
    client.registerUserFiles(files);
  },

  /** the next worker the client starts crashes on its first message */
  crashNextWorker(): void {
    crashNext = true;
  },

  /** the next worker the client starts first gets a message outside the protocol */
  garbleNextWorker(): void {
    garbleNext = true;
  },

  workersCreated: () => workersCreated,

  async latestCheckpoint(runId: string): Promise<{ step: number; totalSteps: number; values: number } | null> {
    const c = await loadLatestCheckpoint(runId);
    return c && { step: c.manifest.step, totalSteps: c.manifest.totalSteps, values: c.values.length };
  },

  listRuns: () => listCheckpointRuns(),

  resetClient(): void {
    client.dispose();
    client = createWorkerTrainingClient({ createWorker });
  },
};

declare global {
  interface Window {
    workerHarness: typeof harness;
  }
}

window.workerHarness = harness;
say('harness ready');
