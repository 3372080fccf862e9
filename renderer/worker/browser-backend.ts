import * as tf from '@tensorflow/tfjs';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendChoice } from '../src/run/training-client.js';
import { yieldOnRead } from './event-loop.js';

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

/** Checks and imports a backend needs before tfjs can be asked to start it; throws the reason it cannot. */
const PREPARE: Record<BrowserBackendName, () => Promise<void>> = {
  async webgpu() {
    await import('@tensorflow/tfjs-backend-webgpu');
    // The package registers itself only where navigator.gpu exists.
    if (!tf.findBackendFactory('webgpu')) throw new Error('this browser offers no WebGPU (navigator.gpu is missing)');
    const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu!;
    if (!(await gpu.requestAdapter())) throw new Error('WebGPU found no adapter: no usable GPU, or the browser has WebGPU turned off');
  },
  async webgl() {
    if (typeof OffscreenCanvas === 'undefined') throw new Error('this browser has no OffscreenCanvas, which WebGL in a worker needs');
    const canvas = new OffscreenCanvas(1, 1);
    if (!canvas.getContext('webgl2') && !canvas.getContext('webgl')) throw new Error('the browser gives no WebGL context (GPU acceleration may be off)');
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
  },
  async cpu() {},
};
let wasmPathsSet = false;

/** Start one backend, or throw why it would not. */
async function startBackend(name: BrowserBackendName): Promise<void> {
  await PREPARE[name]();
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
}

/** Initialise the chosen backend ('auto': webgpu -> webgl -> wasm -> cpu, the first that starts). */
export async function initBrowserBackend(choice: Exclude<BackendChoice, 'tensorflow'>): Promise<BackendStart> {
  const order: readonly BrowserBackendName[] = choice === 'auto' ? BROWSER_BACKENDS : [choice];
  const tried: BackendStart['tried'] = [];
  for (const name of order) {
    if (!(BROWSER_BACKENDS as readonly string[]).includes(name)) throw new BackendError(`unknown backend "${name}" (choose auto, ${BROWSER_BACKENDS.join(', ')})`, tried);
    try {
      await startBackend(name);
      yieldOnRead(tf.backend() as unknown as Parameters<typeof yieldOnRead>[0]);
      return { backend: tf.getBackend(), tried };
    } catch (e) {
      tried.push({ backend: name, error: e instanceof Error ? e.message : String(e) });
    }
  }
  if (choice === 'auto') throw new BackendError(`no backend would start: ${tried.map((t) => `${t.backend} (${t.error})`).join('; ')}`, tried);
  throw new BackendError(`the ${choice} backend cannot start: ${tried[0]!.error}`, tried);
}
