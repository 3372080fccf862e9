import * as tf from '@tensorflow/tfjs';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendChoice, WorkerBackend } from '../src/run/training-client.js';
import { yieldOnRead } from './event-loop.js';
import { adapterLabel, softwareRendererIn, type GpuLike } from '../../engine/backend/gpu-adapter.js';

/**
 * tfjs backends in the browser (a Web Worker), fastest first. 'auto' takes the first that starts;
 * an explicit choice that cannot start is an error naming the backend and why. The backends'
 * packages are imported only when tried, so a run on webgl never downloads the wasm or webgpu code.
 */
export const BROWSER_BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BrowserBackendName = (typeof BROWSER_BACKENDS)[number];

export interface BackendStart {
  /** the backend now in use, as tfjs names it */
  backend: string;
  /** the backends tried before it, with why each did not start */
  tried: { backend: string; error: string }[];
  /** the GPU it runs on (webgpu, webgl), as a person would name it */
  adapter?: string;
  /** why auto settled on a backend that is not a GPU: "no hardware GPU found (only a software adapter: SwiftShader)" */
  reason?: string;
}

export class BackendError extends Error {
  constructor(
    message: string,
    readonly tried: BackendStart['tried'],
  ) {
    super(message);
    this.name = 'BackendError';
  }
}

/** Auto passed over a GPU backend because the GPU under it is a software renderer. */
class SoftwareGpu extends Error {
  constructor(readonly software: string) {
    super(`only a software adapter: ${software}`);
  }
}

/**
 * Checks and imports a backend needs, and for webgpu the whole start (so that the adapter is known
 * and a software one refused); throws the reason it cannot start. Returns the GPU's name, if any.
 */
const PREPARE: Record<BrowserBackendName, (auto: boolean) => Promise<string | undefined>> = {
  async webgpu(auto) {
    const gpu = (navigator as { gpu?: GpuLike }).gpu;
    if (!gpu) throw new Error('this browser offers no WebGPU (navigator.gpu is missing)');
    const { startWebgpuBackend, SoftwareAdapterError } = await import('../../engine/backend/webgpu-backend.js');
    try {
      return adapterLabel(await startWebgpuBackend(gpu, { allowSoftware: !auto }));
    } catch (e) {
      throw e instanceof SoftwareAdapterError ? new SoftwareGpu(e.adapter.software!) : e;
    }
  },
  async webgl(auto) {
    if (typeof OffscreenCanvas === 'undefined') throw new Error('this browser has no OffscreenCanvas, which WebGL in a worker needs');
    const canvas = new OffscreenCanvas(1, 1);
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    if (!gl) throw new Error('the browser gives no WebGL context (GPU acceleration may be off)');
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    const software = softwareRendererIn(renderer);
    if (software && auto) throw new SoftwareGpu(software);
    return renderer ? (software ? `${software}, a software renderer (${renderer}): right answers, far slower than wasm` : renderer) : undefined;
  },
  async wasm() {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (!wasmPathsSet) {
      // Served by the app itself (Vite copies them): never a CDN.
      wasm.setWasmPaths({
        'tfjs-backend-wasm.wasm': wasmPlainUrl,
        'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
      });
      wasmPathsSet = true;
    }
    return undefined;
  },
  async cpu() {
    return undefined;
  },
};
let wasmPathsSet = false;

/** Start one backend, or throw why it would not; returns the GPU it runs on, if any. */
async function startBackend(name: BrowserBackendName, auto: boolean): Promise<string | undefined> {
  const adapter = await PREPARE[name](auto);
  // tfjs logs why a backend failed and answers only `false`: keep what it says as the reason.
  const said: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void said.push(args.map(String).join(' '));
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
  } finally {
    console.warn = warn;
  }
  if (!ok) {
    const reason = said.filter((s) => !/^Initialization of backend .* failed$/.test(s)).map((s) => s.split('\n')[0]).join('; ');
    throw new Error(reason || 'tfjs could not initialise it');
  }
  await tf.ready();
  // A backend that starts but cannot run a kernel (a shader that will not compile) is no use.
  const probe = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)));
  try {
    const [v] = await probe.data();
    if (v !== 3) throw new Error(`it computed 1 + 2 = ${v}`);
  } finally {
    probe.dispose();
  }
  return adapter;
}

/**
 * Initialise the chosen backend ('auto': webgpu -> webgl -> wasm -> cpu, the first that starts on
 * a hardware GPU or without one: a software GPU, such as SwiftShader, is slower than wasm).
 */
export async function initBrowserBackend(choice: WorkerBackend): Promise<BackendStart> {
  const order: readonly BrowserBackendName[] = choice === 'auto' ? BROWSER_BACKENDS : [choice];
  const tried: BackendStart['tried'] = [];
  const softwareSeen = new Set<string>();
  const noGpuReason = (failed: BackendStart['tried']) =>
    failed.length === 0 ? undefined : `no hardware GPU found${softwareSeen.size ? ` (only a software adapter: ${[...softwareSeen].join(', ')})` : ''}`;
  for (const name of order) {
    if (!(BROWSER_BACKENDS as readonly string[]).includes(name)) throw new BackendError(`unknown backend "${name}" (choose auto, ${BROWSER_BACKENDS.join(', ')})`, tried);
    try {
      const adapter = await startBackend(name, choice === 'auto');
      yieldOnRead(tf.backend() as unknown as Parameters<typeof yieldOnRead>[0]);
      const reason = choice === 'auto' && (name === 'wasm' || name === 'cpu') ? noGpuReason(tried) : undefined;
      return { backend: tf.getBackend(), tried, ...(adapter ? { adapter } : {}), ...(reason ? { reason } : {}) };
    } catch (e) {
      tried.push({ backend: name, error: e instanceof Error ? e.message : String(e) });
      if (e instanceof SoftwareGpu) softwareSeen.add(e.software);
    }
  }
  if (choice === 'auto') throw new BackendError(`no backend would start: ${tried.map((t) => `${t.backend} (${t.error})`).join('; ')}`, tried);
  throw new BackendError(`the ${choice} backend cannot start: ${tried[0]!.error}`, tried);
}
