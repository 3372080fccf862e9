import * as tf from '@tensorflow/tfjs';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { backendFailure, clearBackendFailure, reportBackendFailure } from './backend-failure.js';
import { describeAdapter, type AdapterSummary, type GpuAdapterLike, type GpuLike } from './gpu-adapter.js';
import { convertingCastOnWebgpu } from './webgpu-cast.js';
import { registerWebgpuFusedKernels } from './webgpu-fused-kernels.js';

/** Auto skipped WebGPU because the only adapter is a software one. */
export class SoftwareAdapterError extends Error {
  constructor(readonly adapter: AdapterSummary) {
    super(`only a software adapter: ${adapter.software}`);
    this.name = 'SoftwareAdapterError';
  }
}

/** No adapter at all: no usable GPU, or WebGPU turned off (in Node, Dawn's own cause may be known: node-webgpu.ts). */
export class NoAdapterError extends Error {
  constructor() {
    super('WebGPU found no adapter: no usable GPU, or WebGPU is turned off');
    this.name = 'NoAdapterError';
  }
}

/**
 * Limits asked of the device: the adapter's own maxima, where tfjs asks for the spec's defaults.
 * With the default 8 storage buffers a shader, tfjs's AddN of more than 7 tensors does not
 * compile; the buffer sizes bound the largest tensor.
 */
const RAISED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'maxComputeWorkgroupSizeX',
  'maxComputeInvocationsPerWorkgroup',
] as const;

interface DeviceLike {
  lost: Promise<{ reason?: string; message?: string }>;
  addEventListener(type: 'uncapturederror', listener: (e: { error?: { message?: string } }) => void): void;
  destroy(): void;
}

/**
 * The device in use, with its adapter, held as long as the device is. A precaution: "A valid
 * external Instance reference no longer exists", the buffer-map failure issue #14 saw on Stop, is
 * what a WebGPU client gives once its instance is released (in Node, once Dawn's is collected).
 */
let current: { device: DeviceLike; adapter: GpuAdapterLike; summary: AdapterSummary; factory: () => tf.KernelBackend } | null = null;

/**
 * Start tfjs's webgpu backend on `gpu`'s adapter, registered here rather than by the package so
 * that the run knows which adapter it got, refuses a software one unless asked for webgpu by
 * name, and hears of device loss and rejected work (recorded as the backend's failure, which
 * the trainer reports instead of training on zeros).
 */
export async function startWebgpuBackend(gpu: GpuLike, opts: { allowSoftware: boolean }): Promise<AdapterSummary> {
  // a run after a run: the device and its compiled shaders serve again, unless it has failed or
  // 'webgpu' is no longer ours. (Never tf.findBackend here: it starts whatever factory is
  // registered, and the package registers its own when navigator.gpu exists as it loads; that
  // one's device, made in the background, then took the name over: default limits, no listeners.)
  if (current && !backendFailure() && tf.findBackendFactory('webgpu') === current.factory && (opts.allowSoftware || current.summary.software === null)) {
    if (await tf.setBackend('webgpu')) return current.summary;
  }
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new NoAdapterError();
  const summary = describeAdapter(adapter);
  if (summary.software !== null && !opts.allowSoftware) throw new SoftwareAdapterError(summary);

  const limits = adapter.limits as Record<string, number | undefined>;
  const requiredLimits: Record<string, number> = {};
  for (const name of RAISED_LIMITS) {
    const value = limits[name];
    if (typeof value === 'number') requiredLimits[name] = value;
  }
  const device = (await adapter.requestDevice({ requiredLimits })) as DeviceLike;
  current?.device.destroy();
  const adapterInfo = adapter.info ?? {};
  const factory = () => new WebGPUBackend(device as never, adapterInfo as never);
  current = { device, adapter, summary, factory };
  clearBackendFailure();
  void device.lost.then((info) => {
    // our own destroy (a newer device replaced it) is no failure of the run
    if (current?.device !== device) return;
    reportBackendFailure(`the GPU device was lost${info.reason && info.reason !== 'unknown' ? ` (${info.reason})` : ''}: ${info.message || 'no reason given'}`);
  });
  device.addEventListener('uncapturederror', (e) => {
    const first = (e.error?.message ?? 'an unknown error').split('\n').find((line) => line.trim() !== '') ?? 'an unknown error';
    reportBackendFailure(`the GPU rejected the work it was sent: ${first.trim()}`);
  });

  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', factory);
  convertingCastOnWebgpu();
  registerWebgpuFusedKernels();
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not start its webgpu backend on this device');
  await tf.ready();
  return summary;
}

export type { GpuAdapterLike };
