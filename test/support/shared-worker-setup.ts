import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

/**
 * Test files share their worker process (vitest.config.ts: isolate false, so tfjs and the engine
 * are imported once per worker rather than once per file). A file that moved tfjs to another
 * backend (webgpu on Dawn, cpu) must not hand it to the next file, which in a process of its own
 * would have found wasm: put it back before each file. Files that want another backend ask for
 * it themselves, as they always have.
 */
// At the top level, not in a hook: a setup file runs before the test file is imported, and a
// test file's own top-level `await initNodeBackend(...)` runs before any hook would.
const current = (tf.engine() as unknown as { backendName?: string | null }).backendName;
if (current && current !== 'wasm') await tf.setBackend('wasm');
