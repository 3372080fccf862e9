import { createWorkerTrainingClient } from '../../worker/worker-training-client.js';
import type { ProcessBackend, TrainingClient } from './training-client.js';
import { createNodeProcessClient, withNodeProcess } from './node-process-client.js';

/** The training worker: starts on first use and restarts after a crash. Also takes user files. */
export const workerClient = createWorkerTrainingClient();

let client: TrainingClient = workerClient;

/**
 * The app's training client. In Electron, where main confirms @tensorflow/tfjs-node(-gpu) is
 * installed it also offers `tensorflow`, and where a local Python imports torch `pytorch` (both in
 * a utility process); elsewhere it is the worker alone.
 */
export function trainingClient(): TrainingClient {
  return client;
}

/** Asks main which process backends can run here; resolves to those offered from now on. */
export async function detectNodeTraining(): Promise<ProcessBackend[]> {
  const api = typeof window !== 'undefined' ? window.pretrainLab : undefined;
  if (!api) return [];
  const ask = async (channel: 'train:node-available' | 'train:pytorch-available') => {
    try {
      return (await api.invoke(channel, {})).available;
    } catch {
      return false;
    }
  };
  const [tensorflow, pytorch] = await Promise.all([ask('train:node-available'), ask('train:pytorch-available')]);
  const offered: ProcessBackend[] = [...(tensorflow ? (['tensorflow'] as const) : []), ...(pytorch ? (['pytorch'] as const) : [])];
  client = withNodeProcess(workerClient, createNodeProcessClient(api), offered);
  return offered;
}
