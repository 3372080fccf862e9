import { runExportJob, runTrainingJob } from './training-job.js';
import { fromWorkerSchema, toWorkerSchema, type FromWorker } from './tfjs-node-protocol.js';
import type { NodeRunEvent } from './ipc-contract.js';

/**
 * Entry of the training process (Electron utilityProcess.fork from tfjs-node-process.ts):
 * receives one job (`start` a run, or `export-pytorch`), runs it, reports each event, and exits. Talks only
 * through `process.parentPort`, which Electron gives utility processes.
 */
interface ParentPortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

const port = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (!port) {
  console.error('tfjs-node-worker: run me with Electron utilityProcess.fork (process.parentPort is missing)');
  process.exit(2);
}

const post = (m: FromWorker) => port.postMessage(fromWorkerSchema.parse(m));
// Hold the process open until the run is over: a utility process whose script has finished may
// exit at once in a packaged app even with a parentPort listener (electron/electron#42978).
const keepAlive = setInterval(() => {}, 60_000);
// main sends `start` right after forking; a process that never gets one does not linger
const noStart = setTimeout(() => process.exit(3), 120_000);
const controller = new AbortController();
let started = false;

port.on('message', ({ data }) => {
  const r = toWorkerSchema.safeParse(data);
  if (!r.success) {
    post({ type: 'event', event: { event: 'error', step: 0, nodeId: null, message: `training process: bad message from main: ${r.error.issues.map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`).join('; ')}` } });
    return;
  }
  const msg = r.data;
  if (msg.type === 'stop') {
    controller.abort();
    return;
  }
  if (started) return; // one run per process
  started = true;
  clearTimeout(noStart);
  const emit = (event: NodeRunEvent) => post({ type: 'event', event });
  void (msg.type === 'export-pytorch' ? runExportJob(msg, emit) : runTrainingJob(msg, emit, controller.signal))
    .catch((e: unknown) => {
      post({ type: 'event', event: { event: 'error', step: 0, nodeId: null, message: (e as Error).message ?? String(e) } });
      return false;
    })
    .then((ok) => {
      post({ type: 'finished', ok });
      clearInterval(keepAlive);
      // main kills the process on `finished`; leave on our own if it does not
      setTimeout(() => process.exit(0), 2000);
    });
});
post({ type: 'ready' });
