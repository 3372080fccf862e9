import { paceDawnPolling } from './dawn-polling.js';
import { vulkanLoaderHint } from './node-vulkan-loader.js';
import type { AdapterSummary, GpuLike } from './gpu-adapter.js';

/**
 * WebGPU in Node through Dawn (the optional `webgpu` package, binaries inside it): Vulkan, Metal
 * or D3D12, so a GPU trains from the command line without CUDA. Kept apart from node-backend.ts,
 * which exported programs copy in and which must not need the webgpu packages.
 *
 * Dawn's instance lives as long as the process: once it is collected, every buffer map on its
 * devices fails ("A valid external Instance reference no longer exists").
 */
let dawn: GpuLike | null = null;

async function loadDawn(): Promise<GpuLike> {
  if (dawn) return dawn;
  let webgpu: { create(options: string[]): unknown; globals: object };
  try {
    webgpu = (await import('webgpu')) as typeof webgpu;
  } catch (e) {
    throw new Error(
      `the webgpu backend needs the optional package "webgpu" (Dawn), which is not installed or does not load here: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
    );
  }
  // GPUBufferUsage, GPUMapMode ...: tfjs reads them as globals, as a browser has them
  Object.assign(globalThis, webgpu.globals);
  paceDawnPolling();
  dawn = webgpu.create([]) as GpuLike;
  return dawn;
}

/**
 * Start tfjs's webgpu backend on Dawn's adapter. Asked for by name, so a software adapter
 * (SwiftShader, lavapipe) is used, and its summary says it is one.
 */
export async function startNodeWebgpu(): Promise<AdapterSummary> {
  const gpu = await loadDawn();
  const nav = ((globalThis as { navigator?: object }).navigator ??= {}) as { gpu?: GpuLike };
  if (nav.gpu !== gpu) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
  // imported once navigator.gpu exists: the package's backend class refuses to start without it
  const { NoAdapterError, startWebgpuBackend } = await import('./webgpu-backend.js');
  try {
    return await startWebgpuBackend(gpu, { allowSoftware: true });
  } catch (e) {
    const hint = e instanceof NoAdapterError ? vulkanLoaderHint() : null;
    throw hint ? new Error(`${e instanceof Error ? e.message : String(e)}; ${hint}`) : e;
  }
}
