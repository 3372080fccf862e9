/// <reference lib="webworker" />
import { createRegistry } from '../../graph-nodes/index.js';
import { initBrowserBackend } from './browser-backend.js';
import { createBrowserDataSource } from './browser-data-source.js';
import { createAppRunSource } from './app-run-source.js';
import { IndexedDbCheckpointStore, loadLatestCheckpoint } from './indexeddb-checkpoint-store.js';
import { indexedDbCompareCheckpoints } from './indexeddb-compare-checkpoints.js';
import { fromWorkerMessage, type FromWorkerMessage } from './protocol.js';
import { createWorkerHost } from './worker-host.js';

/**
 * The training worker's entry: `new Worker(new URL('./training-worker.ts', import.meta.url), { type: 'module' })`.
 * Training, comparing, measuring, previews and data loading all happen here, never on the UI thread.
 */
declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromWorkerMessage) => self.postMessage(message);

const host = createWorkerHost({
  post,
  initBackend: initBrowserBackend,
  registry: createRegistry(),
  data: createBrowserDataSource({ checkpoints: createAppRunSource() }),
  checkpoints: {
    store: (runId) => new IndexedDbCheckpointStore(runId),
    loadLatest: (runId) => loadLatestCheckpoint(runId),
  },
  compareCheckpoints: indexedDbCompareCheckpoints(),
});

self.addEventListener('message', (e: MessageEvent) => host.receive(e.data));
self.addEventListener('messageerror', () => post(fromWorkerMessage('fatal', { message: 'a message to the training worker could not be deserialised' })));
// Anything nothing caught leaves the worker in an unknown state: say so, and let the UI start a fresh one.
self.addEventListener('unhandledrejection', (e: PromiseRejectionEvent) => {
  const reason = e.reason instanceof Error ? e.reason.message : String(e.reason);
  post(fromWorkerMessage('fatal', { message: `the training worker failed: ${reason}` }));
});
