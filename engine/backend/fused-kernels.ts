import * as tf from '@tensorflow/tfjs';

/**
 * Kernels that do in one GPU dispatch what tfjs does op by op, registered with tfjs by name for
 * the backends that have them (webgpu: webgpu-fused-kernels.ts). Code that wants one asks for it
 * here and falls back to tfjs ops when the backend in use has none. Why: on the H200 a bench-shape
 * step (2.7 GFLOP) took 231 ms on tfjs's webgpu, which looks like the cost of its ~500 dispatches,
 * and AdamW alone was ~19 dispatches a weight. Whether fusing pays there is not measured yet; on
 * SwiftShader it does not (DEVELOPERS.md).
 *
 * Each kernel computes what the op path computes, in the same order, in float32.
 */
export const FUSED_KERNELS = {
  /** inputs { g }: sum(g * g), a scalar */
  sumOfSquares: 'PretrainLabSumOfSquares',
  /** inputs { state, g, scale (one element) }, attrs { keep, take, squared }: state * keep + (g * scale [squared]) * take */
  adamMoment: 'PretrainLabAdamMoment',
  /**
   * inputs { p, m, v }, attrs { decay, lr, c1, c2, eps, min, max }:
   * clamp(p * decay - ((m / c1) / (sqrt(v / c2) + eps)) * lr, min, max)
   */
  adamWParam: 'PretrainLabAdamWParam',
} as const;

export type FusedKernelName = (typeof FUSED_KERNELS)[keyof typeof FUSED_KERNELS];

/** Whether the backend in use has `name` (tfjs finds kernels by name and backend). */
export function hasFusedKernel(name: FusedKernelName): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}

/** Run a fused kernel on the backend in use (the caller checked hasFusedKernel). */
export function runFusedKernel(name: FusedKernelName, inputs: Record<string, tf.Tensor>, attrs: Record<string, number | boolean>): tf.Tensor {
  return tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}
