import type { PretrainLabApi } from '../../../electron/ipc-contract.js';
import type { BackendChoice, RunEvent, RunHandle, RunRequest, TrainingClient } from './training-client.js';

const TERMINAL = new Set(['done', 'error', 'crash']);

/**
 * Training on libtensorflow (CUDA with @tensorflow/tfjs-node-gpu) in Electron's utility process,
 * through the IPC contract. Its runs write a run folder like the CLI's; resuming one from the
 * app is not offered (the CLI's `train --resume RUN_DIR` continues it).
 */
export function createNodeProcessClient(api: PretrainLabApi): Pick<TrainingClient, 'start'> {
  return {
    start(req: RunRequest, onEvent: (e: RunEvent) => void): RunHandle {
      let settle!: () => void;
      const finished = new Promise<void>((resolve) => (settle = resolve));
      const localId = `tf-${Date.now().toString(36)}`;
      let remoteId: string | null = null;
      let stopAsked = false;
      let over = false;
      const early: { runId: string; event: RunEvent }[] = [];
      const end = () => {
        over = true;
        off();
        settle();
      };
      const deliver = (event: RunEvent) => {
        if (over) return;
        onEvent(event);
        if (TERMINAL.has(event.event)) end();
      };
      // events may arrive before start's answer names the run: keep them until it does
      const off = api.on('train:event', (p) => {
        if (remoteId === null) early.push(p as { runId: string; event: RunEvent });
        else if (p.runId === remoteId) deliver(p.event as RunEvent);
      });
      if (req.resumeRunId !== undefined) {
        deliver({ event: 'error', step: 0, nodeId: null, message: 'runs on the tensorflow backend are resumed from the command line: pretrain-lab train --resume RUN_DIR' });
        return { runId: localId, stop() {}, finished };
      }
      api
        .invoke('train:node-start', { doc: req.doc, ...(req.steps !== undefined ? { steps: req.steps } : {}) })
        .then(({ runId, runDir }) => {
          remoteId = runId;
          deliver({ event: 'progress', message: `training in a utility process; run folder ${runDir}` });
          for (const p of early.splice(0)) if (p.runId === runId) deliver(p.event);
          if (stopAsked) void api.invoke('train:node-stop', { runId });
        })
        .catch((e: unknown) => deliver({ event: 'crash', message: e instanceof Error ? e.message : String(e) }));
      return {
        runId: localId,
        stop() {
          stopAsked = true;
          if (remoteId !== null) void api.invoke('train:node-stop', { runId: remoteId });
        },
        finished,
      };
    },
  };
}

/**
 * The app's client: the Web Worker for the browser backends and previews, and, where Electron
 * says tfjs-node loads, the utility process for `tensorflow`.
 */
export function withNodeProcess(worker: TrainingClient, node: Pick<TrainingClient, 'start'> | null): TrainingClient {
  if (!node) return worker;
  const backends: BackendChoice[] = [...worker.backends, 'tensorflow'];
  return {
    backends,
    start: (req, onEvent) => (req.backend === 'tensorflow' ? node.start(req, onEvent) : worker.start(req, onEvent)),
    preview: (doc, nodeId) => worker.preview(doc, nodeId),
    dispose: () => worker.dispose(),
  };
}
