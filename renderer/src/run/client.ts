import { createWorkerTrainingClient } from '../../worker/worker-training-client.js';

/** The app's one training client: a Web Worker that starts on first use and restarts after a crash. */
export const trainingClient = createWorkerTrainingClient();
