import * as tf from '@tensorflow/tfjs';
import { webgpu_util, type WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { FUSED_KERNELS } from './fused-kernels.js';

/**
 * The fused kernels (fused-kernels.ts) as WGSL programs for tfjs's webgpu backend. tfjs wraps
 * each program's code with its buffers (the inputs by name, `result`), the uniforms and the
 * entry point that calls `main`.
 */

interface WebgpuBackendLike {
  runWebGPUProgram(program: WebGPUProgram, inputs: tf.TensorInfo[], outputDtype: tf.DataType, uniforms?: { type: string; data: number[] }[]): tf.TensorInfo;
}

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

/** One thread per element, flat: the element-wise programs. */
function elementwise(shaderKey: string, variableNames: string[], size: number, uniforms: string, body: string): WebGPUProgram {
  const outputShape = [size];
  const dispatchLayout = webgpu_util.flatDispatchLayout(outputShape);
  const workgroupSize: [number, number, number] = [64, 1, 1];
  return {
    shaderKey,
    variableNames,
    outputShape,
    dispatchLayout,
    workgroupSize,
    dispatch: webgpu_util.computeDispatch(dispatchLayout, outputShape, workgroupSize),
    size: true,
    uniforms,
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          ${body}
        }
      }`,
  };
}

const REDUCE_THREADS = 256;

/** sum(g * g) by one workgroup: each thread a strided share, then a tree in workgroup memory. */
function sumOfSquaresProgram(): WebGPUProgram {
  const outputShape = [1];
  return {
    shaderKey: 'pretrainLabSumOfSquares',
    variableNames: ['G'],
    outputShape,
    dispatchLayout: webgpu_util.flatDispatchLayout(outputShape),
    workgroupSize: [REDUCE_THREADS, 1, 1],
    dispatch: [1, 1, 1],
    uniforms: 'n : i32,',
    getUserCode: () => `
      var<workgroup> partial : array<f32, ${REDUCE_THREADS}>;
      fn main(index : i32) {
        let lane = i32(localId.x);
        var acc = 0.0;
        for (var i = lane; i < uniforms.n; i = i + ${REDUCE_THREADS}) {
          let x = G[i];
          acc = acc + x * x;
        }
        partial[lane] = acc;
        workgroupBarrier();
        for (var stride = ${REDUCE_THREADS / 2}; stride > 0; stride = stride / 2) {
          if (lane < stride) {
            partial[lane] = partial[lane] + partial[lane + stride];
          }
          workgroupBarrier();
        }
        if (lane == 0) {
          setOutputAtIndex(0, partial[0]);
        }
      }`,
  };
}

const f32 = (data: number) => ({ type: 'float32', data: [data] });

/** Every input as a flat vector (a reshape: the same buffer). */
function flat(x: tf.TensorInfo): tf.TensorInfo {
  return { ...x, shape: [tf.util.sizeFromShape(x.shape)] };
}

function sumOfSquares({ inputs, backend }: KernelArgs): tf.TensorInfo {
  const g = flat(inputs.g!);
  const out = (backend as WebgpuBackendLike).runWebGPUProgram(sumOfSquaresProgram(), [g], 'float32', [{ type: 'int32', data: [g.shape[0]!] }]);
  // a scalar, as tf.sum gives: the gradient norm built from these is one
  return { ...out, shape: [] };
}

function adamMoment({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const state = flat(inputs.state!);
  const squared = Boolean(attrs?.squared);
  // as the op path: g * scale first, then (g * g) * take or g * take
  const program = elementwise(
    `pretrainLabAdamMoment${squared ? 'Squared' : ''}`,
    ['S', 'G', 'Scale'],
    state.shape[0]!,
    'keep : f32, take : f32,',
    `let g = G[index] * Scale[0];
          setOutputAtIndex(index, S[index] * uniforms.keep + ${squared ? '(g * g)' : 'g'} * uniforms.take);`,
  );
  const out = (backend as WebgpuBackendLike).runWebGPUProgram(program, [state, flat(inputs.g!), flat(inputs.scale!)], 'float32', [f32(attrs!.keep as number), f32(attrs!.take as number)]);
  return { ...out, shape: inputs.state!.shape };
}

function adamWParam({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const p = flat(inputs.p!);
  const a = attrs as Record<string, number>;
  const clamped = Number.isFinite(a.min) || Number.isFinite(a.max);
  // a NaN passes the clamp, as tf.clipByValue lets it
  const program = elementwise(
    `pretrainLabAdamWParam${clamped ? 'Clamped' : ''}`,
    ['P', 'M', 'V'],
    p.shape[0]!,
    'decay : f32, lr : f32, c1 : f32, c2 : f32, eps : f32, lo : f32, hi : f32,',
    `let update = (M[index] / uniforms.c1) / (sqrt(V[index] / uniforms.c2) + uniforms.eps);
          let next = P[index] * uniforms.decay - update * uniforms.lr;
          setOutputAtIndex(index, ${clamped ? 'select(clamp(next, uniforms.lo, uniforms.hi), next, isnan(next))' : 'next'});`,
  );
  // infinities do not survive a uniform buffer on every driver: unclamped programs never read lo, hi
  const bound = (x: number) => (Number.isFinite(x) ? x : Math.sign(x) * 3.4028234663852886e38);
  const out = (backend as WebgpuBackendLike).runWebGPUProgram(program, [p, flat(inputs.m!), flat(inputs.v!)], 'float32', [
    f32(a.decay!),
    f32(a.lr!),
    f32(a.c1!),
    f32(a.c2!),
    f32(a.eps!),
    f32(bound(a.min!)),
    f32(bound(a.max!)),
  ]);
  return { ...out, shape: inputs.p!.shape };
}

let registered = false;

/** Register the fused kernels for tfjs's webgpu backend (once a process). */
export function registerWebgpuFusedKernels(): void {
  if (registered) return;
  const kernels: [string, (args: KernelArgs) => tf.TensorInfo][] = [
    [FUSED_KERNELS.sumOfSquares, sumOfSquares],
    [FUSED_KERNELS.adamMoment, adamMoment],
    [FUSED_KERNELS.adamWParam, adamWParam],
  ];
  for (const [kernelName, kernelFunc] of kernels) {
    tf.registerKernel({ kernelName, backendName: 'webgpu', kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  }
  registered = true;
}

/** Remove them again: the op path then runs on webgpu too (the bench compares the two). */
export function unregisterWebgpuFusedKernels(): void {
  if (!registered) return;
  for (const name of Object.values(FUSED_KERNELS)) tf.unregisterKernel(name, 'webgpu');
  registered = false;
}
