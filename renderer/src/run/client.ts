import { createWorkerTrainingClient } from '../../worker/worker-training-client.js';
import type { TrainingClient } from './training-client.js';
import { createNodeProcessClient, withNodeProcess } from './node-process-client.js';

/** The training worker: starts on first use and restarts after a crash. Also takes user files. */
export const workerClient = createWorkerTrainingClient();

let client: TrainingClient = workerClient;

/**
 * The app's training client. In Electron, once main confirms @tensorflow/tfjs-node(-gpu) loads,
 * it also offers the `tensorflow` backend (a utility process); elsewhere it is the worker alone.
 */
export function trainingClient(): TrainingClient {
  return client;
}

export async function detectNodeTraining(): Promise<boolean> {
  const api = typeof window !== 'undefined' ? window.pretrainLab : undefined;
  if (!api) return false;
  try {
    const r = await api.invoke('train:node-available', {});
    if (r.available) client = withNodeProcess(workerClient, createNodeProcessClient(api));
    return r.available;
  } catch {
    return false;
  }
}
