import { createRequire } from 'node:module';
import type { GraphDocument } from '../engine/core/graph-document.js';
import { runName } from '../engine/train/run-name.js';
import type { NodeRunEvent } from './ipc-contract.js';
import { fromWorkerSchema, type StartJob, type ToWorker } from './tfjs-node-protocol.js';
import { runFolder } from './training-paths.js';

/**
 * Training on @tensorflow/tfjs-node-gpu (CUDA) or @tensorflow/tfjs-node, in an Electron utility
 * process running tfjs-node-worker.ts: the engine's Node backend and trainer, off the main
 * process and out of the renderer. Both packages are optional dependencies whose install
 * downloads libtensorflow; where neither is installed this path reports itself unavailable and
 * the renderer's Web Worker trains instead.
 */

export const TFJS_NODE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

export interface TfjsNodeAvailability {
  available: boolean;
  package: string | null;
  reason: string;
}

/**
 * Installed or not, without loading it: loading libtensorflow (and CUDA) happens in the training
 * process, so a broken native library fails that run with an error event, not the app.
 */
export function detectTfjsNode(resolve: (id: string) => string = createRequire(import.meta.url).resolve): TfjsNodeAvailability {
  for (const pkg of TFJS_NODE_PACKAGES) {
    try {
      resolve(`${pkg}/package.json`);
      return { available: true, package: pkg, reason: `${pkg} is installed; a run loads it in a separate process` };
    } catch {
      // not installed: try the next
    }
  }
  return {
    available: false,
    package: null,
    reason: `neither ${TFJS_NODE_PACKAGES.join(' nor ')} is installed (optional dependencies; their install downloads libtensorflow)`,
  };
}

/** The part of Electron's UtilityProcess used here (Node's ChildProcess fits it in tests). */
export interface UtilityChild {
  postMessage(message: unknown): void;
  kill(): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number | null) => void): unknown;
}

export interface NodeTrainingHostOptions {
  /** utilityProcess.fork(workerPath, [], {serviceName, stdio}) in the app */
  fork(workerPath: string): UtilityChild;
  workerPath: string;
  /** run folders go here (the app: <userData>/runs) */
  runsDir: string;
  emit(runId: string, event: NodeRunEvent): void;
  backend?: 'tensorflow' | 'wasm' | 'cpu';
  /** after `stop`, how long the run may take to checkpoint before the process is killed */
  stopGraceMs?: number;
  now?(): Date;
}

interface Run {
  child: UtilityChild;
  /** messages held until the worker says it is ready */
  queue: ToWorker[] | null;
  finished: boolean;
  /** it reported its last event (done, error, crash): what is left is its process ending */
  over: boolean;
  ended: Promise<void>;
  killTimer?: ReturnType<typeof setTimeout>;
}

const TERMINAL_EVENTS = new Set(['done', 'error', 'crash']);

/** One run at a time (it has the GPU, or the CPU, to itself), each in a fresh process; exports beside it. */
export class NodeTrainingHost {
  private readonly runs = new Map<string, Run>();
  private counter = 0;
  private starting = false;

  constructor(private readonly opts: NodeTrainingHostOptions) {}

  get active(): string[] {
    return [...this.runs.keys()];
  }

  /**
   * `backend`: the host's own (tensorflow) unless given; `pytorch` runs the exported program with
   * the local Python. `folder.name` names the run folder (the renderer's run id, so its history can
   * resume it); `folder.resume` goes on with that run from its latest checkpoint.
   */
  async start(doc: GraphDocument, steps?: number, backend?: StartJob['backend'], folder: { name?: string; resume?: boolean } = {}): Promise<{ runId: string; runDir: string }> {
    if (this.starting || [...this.runs.values()].some((r) => !r.finished && !r.over)) throw new Error('a run is already going in a training process; stop it first');
    if (folder.resume && folder.name === undefined) throw new Error('resuming needs the name of the run to go on with');
    // A run that has reported its end may still be closing (Python exiting after its last
    // checkpoint), and Resume may come at once: wait for it, so no two share a run folder.
    this.starting = true;
    try {
      await Promise.all([...this.runs.values()].map((r) => r.ended));
    } finally {
      this.starting = false;
    }
    const runId = folder.name ?? `${runName(doc.name, this.opts.now?.() ?? new Date())}-${++this.counter}`;
    const runDir = runFolder(this.opts.runsDir, runId, folder.resume ?? false);
    const start: ToWorker = { type: 'start', doc, runDir, backend: backend ?? this.opts.backend ?? 'tensorflow', ...(steps ? { steps } : {}), ...(folder.resume ? { resume: true } : {}) };
    const run = this.launch(start, (event) => this.opts.emit(runId, event));
    this.runs.set(runId, run);
    // a resumed run has its predecessor's id: only this run's own entry goes when it ends
    void run.ended.then(() => this.runs.get(runId) === run && this.runs.delete(runId));
    return { runId, runDir };
  }

  /**
   * Write the graph as a PyTorch program (and its data folder) in a process of its own: the
   * export reads the corpus and builds the tokenizer, which would stall the main process. Resolves
   * with the export's error messages (none when it worked); `onEvent` hears its progress.
   */
  async exportPytorch(doc: GraphDocument, programFile: string, onEvent: (e: NodeRunEvent) => void = () => {}): Promise<{ ok: boolean; errors: string[] }> {
    const errors: string[] = [];
    let ok = false;
    const run = this.launch(
      { type: 'export-pytorch', doc, programFile },
      (event) => {
        if (event.event === 'error') errors.push(event.nodeId ? `node ${event.nodeId}: ${event.message}` : event.message);
        if (event.event === 'crash') errors.push(event.message);
        onEvent(event);
      },
      (finishedOk) => (ok = finishedOk),
    );
    await run.ended;
    return { ok: ok && errors.length === 0, errors };
  }

  /** Fork a training process, hand it `job` once it listens, and pass on what it reports. */
  private launch(job: ToWorker, emit: (event: NodeRunEvent) => void, onFinished?: (ok: boolean) => void): Run {
    const child = this.opts.fork(this.opts.workerPath);
    let resolveEnded!: () => void;
    const run: Run = { child, queue: [], finished: false, over: false, ended: new Promise((r) => (resolveEnded = r)) };
    const report = (event: NodeRunEvent) => {
      if (TERMINAL_EVENTS.has(event.event)) run.over = true;
      emit(event);
    };

    child.on('message', (raw) => {
      const r = fromWorkerSchema.safeParse(raw);
      if (!r.success) return report({ event: 'crash', message: `the training process sent a bad message: ${r.error.message}` });
      if (r.data.type === 'event') {
        // a process that reported its end and lingers would hold the next run back
        if (TERMINAL_EVENTS.has(r.data.event.event)) run.killTimer ??= setTimeout(() => child.kill(), this.opts.stopGraceMs ?? 60_000);
        return report(r.data.event);
      }
      if (r.data.type === 'ready') {
        for (const m of run.queue ?? []) child.postMessage(m);
        run.queue = null;
        return;
      }
      run.finished = true;
      onFinished?.(r.data.ok);
      child.kill();
    });
    child.on('exit', (code) => {
      if (run.killTimer) clearTimeout(run.killTimer);
      if (!run.finished) report({ event: 'crash', message: `the training process ended (exit code ${code ?? 'unknown'}) before the ${job.type === 'start' ? 'run' : 'export'} finished` });
      resolveEnded();
    });
    this.send(run, job);
    return run;
  }

  /** Ask the run to stop at the next step (it writes a checkpoint and ends with `done`). */
  stop(runId: string): void {
    const run = this.runs.get(runId);
    if (!run) return;
    this.send(run, { type: 'stop' });
    run.killTimer ??= setTimeout(() => run.child.kill(), this.opts.stopGraceMs ?? 60_000);
  }

  private send(run: Run, m: ToWorker): void {
    if (run.queue) run.queue.push(m);
    else run.child.postMessage(m);
  }

  /** Settles when the run's process has exited. */
  ended(runId: string): Promise<void> {
    return this.runs.get(runId)?.ended ?? Promise.resolve();
  }

  /** App quit: end every run's process now. */
  dispose(): void {
    for (const run of this.runs.values()) {
      run.finished = true;
      run.child.kill();
    }
  }
}
