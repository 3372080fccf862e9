import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

/**
 * Backends for Node (CLI, tests, bench). `tensorflow` is libtensorflow through
 * @tensorflow/tfjs-node-gpu (CUDA) or @tensorflow/tfjs-node; both are optional dependencies whose
 * install fails where libtensorflow cannot be downloaded, so they are tried and skipped quietly.
 */
export const NODE_BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type NodeBackendName = (typeof NODE_BACKENDS)[number];

async function tryTensorflow(): Promise<string | null> {
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await import(/* @vite-ignore */ pkg);
      if (await tf.setBackend('tensorflow')) return pkg;
    } catch {
      // not installed, or its native library is missing: try the next
    }
  }
  return null;
}

/**
 * Initialise a backend. With no choice: tensorflow when it loads, else wasm. An explicit choice
 * that cannot start is an error, not a silent fallback. Returns the backend's name as tfjs has it.
 */
export async function initNodeBackend(choice?: NodeBackendName): Promise<string> {
  if (choice === undefined || choice === 'tensorflow') {
    const loaded = await tryTensorflow();
    if (loaded) return tf.getBackend();
    if (choice === 'tensorflow') {
      throw new Error('the tensorflow backend is not available: install @tensorflow/tfjs-node-gpu or @tensorflow/tfjs-node (their install downloads libtensorflow)');
    }
  }
  const name = choice ?? 'wasm';
  // The cpu backend greets Node users with a banner on stderr when it stores its first tensor; the
  // CLI reports the backend itself, so that first write happens here, muted.
  const warn = console.warn;
  console.warn = () => {};
  try {
    if (!(await tf.setBackend(name))) throw new Error(`the ${name} backend failed to start`);
    await tf.ready();
    tf.scalar(0).dispose();
  } finally {
    console.warn = warn;
  }
  return tf.getBackend();
}
