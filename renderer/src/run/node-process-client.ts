import type { PretrainLabApi } from '../../../electron/ipc-contract.js';
import { isProcessBackend, type BackendChoice, type ProcessBackend, type RunEvent, type RunHandle, type RunRequest, type TrainingClient } from './training-client.js';

const TERMINAL = new Set(['done', 'error', 'crash']);

/**
 * Training in Electron's utility process, through the IPC contract: on libtensorflow (CUDA with
 * @tensorflow/tfjs-node-gpu), or the graph exported to PyTorch and run by the local Python. Its
 * runs write a run folder like the CLI's; resuming one from the app is not offered (the CLI's
 * `train --resume RUN_DIR` continues a tensorflow run).
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
        const how = req.backend === 'pytorch' ? 'run again from the start (resuming PyTorch runs is not supported yet)' : 'resume it from the command line: pretrain-lab train --resume RUN_DIR';
        deliver({ event: 'error', step: 0, nodeId: null, message: `a run on the ${req.backend} backend is not resumed in the app: ${how}` });
        return { runId: localId, stop() {}, finished };
      }
      api
        .invoke('train:node-start', { doc: req.doc, ...(req.steps !== undefined ? { steps: req.steps } : {}), backend: req.backend === 'pytorch' ? 'pytorch' : 'tensorflow' })
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
 * The app's client: the Web Worker for the browser backends and previews, and the utility process
 * for those of `offered` that Electron says can run here (`tensorflow` where tfjs-node loads,
 * `pytorch` where a Python imports torch).
 */
export function withNodeProcess(worker: TrainingClient, node: Pick<TrainingClient, 'start'> | null, offered: readonly ProcessBackend[] = ['tensorflow']): TrainingClient {
  if (!node || offered.length === 0) return worker;
  const backends: BackendChoice[] = [...worker.backends, ...offered];
  return {
    backends,
    start: (req, onEvent) => (isProcessBackend(req.backend) ? node.start(req, onEvent) : worker.start(req, onEvent)),
    preview: (doc, nodeId) => worker.preview(doc, nodeId),
    dispose: () => worker.dispose(),
  };
}
