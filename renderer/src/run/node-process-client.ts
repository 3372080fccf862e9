import type { PretrainLabApi } from '../../../electron/ipc-contract.js';
import { runName } from '../../../engine/train/run-name.js';
import { isProcessBackend, type BackendChoice, type ProcessBackend, type RunEvent, type RunHandle, type RunRequest, type TrainingClient } from './training-client.js';

const TERMINAL = new Set(['done', 'error', 'crash']);

/**
 * Training in Electron's utility process, through the IPC contract: on libtensorflow (CUDA with
 * @tensorflow/tfjs-node-gpu), or the graph exported to PyTorch and run by the local Python. Its
 * runs write a run folder like the CLI's, named by the run's id, so Resume goes on with it from
 * its latest checkpoint there (on either process backend, as `train --resume RUN_DIR` does).
 */
export function createNodeProcessClient(api: PretrainLabApi): Pick<TrainingClient, 'start'> {
  return {
    start(req: RunRequest, onEvent: (e: RunEvent) => void): RunHandle {
      let settle!: () => void;
      const finished = new Promise<void>((resolve) => (settle = resolve));
      const localId = req.resumeRunId ?? processRunId(req.doc.name);
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
      api
        .invoke('train:node-start', {
          doc: req.doc,
          ...(req.steps !== undefined ? { steps: req.steps } : {}),
          backend: req.backend === 'pytorch' ? 'pytorch' : 'tensorflow',
          runName: localId,
          ...(req.resumeRunId !== undefined ? { resume: true } : {}),
        })
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

/** A new process run's id, which names its folder too: as the CLI names runs, and a few random letters. */
export function processRunId(graphName: string, now = new Date(), random = Math.random): string {
  return `${runName(graphName, now)}-${Math.floor(random() * 36 ** 4)
    .toString(36)
    .padStart(4, '0')}`;
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
