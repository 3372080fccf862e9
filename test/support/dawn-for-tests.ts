import { startNodeWebgpu } from '../../engine/backend/node-webgpu.js';
import { requireInCi } from './required-in-ci.js';

/**
 * Start tfjs's webgpu backend on Dawn for a test file: null when it started, else why not (the
 * file then skips its webgpu tests, except under CI=true, where this fails: required-in-ci.ts).
 */
export async function startDawnForTests(): Promise<string | null> {
  const why = await startNodeWebgpu().then(
    () => null,
    (e: unknown) => (e instanceof Error ? e.message : String(e)),
  );
  if (why) console.warn(`webgpu tests skipped: Dawn did not start (${why})`);
  requireInCi('a WebGPU adapter through Dawn', why && `Dawn did not start (${why}): .ci/run installs chromium, whose Vulkan loader and SwiftShader driver Dawn uses`);
  return why;
}
