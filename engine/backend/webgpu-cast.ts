import * as tf from '@tensorflow/tfjs';

/**
 * tfjs-backend-webgpu 4.22 casts int32 and bool to float32 by handing back the same buffer
 * under the new dtype. The buffer still holds integer bits, and kernels that index their input
 * without converting it (Transpose) then fail to compile (a WGSL type mismatch, reported only as
 * an uncaptured device error: the op's output stays zeros). The embedding's gradient transposes
 * a one-hot built that way, so training learnt nothing. Here such a cast is a real conversion:
 * an Add of 0.0, whose program reads its input through f32() and writes a float buffer.
 */
let replaced = false;

export function convertingCastOnWebgpu(): void {
  if (replaced) return;
  const original = tf.getKernel('Cast', 'webgpu');
  const add = tf.getKernel('Add', 'webgpu');
  if (!original || !add) throw new Error('the webgpu backend has no Cast or Add kernel registered');
  tf.unregisterKernel('Cast', 'webgpu');
  tf.registerKernel({
    kernelName: 'Cast',
    backendName: 'webgpu',
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      if (args.attrs?.dtype !== 'float32' || (x.dtype !== 'int32' && x.dtype !== 'bool')) return original.kernelFunc(args);
      const backend = args.backend as tf.KernelBackend & { makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo };
      const zero = backend.makeTensorInfo([], 'float32', new Float32Array([0]));
      try {
        return add.kernelFunc({ inputs: { a: x, b: zero }, backend, attrs: {} });
      } finally {
        backend.disposeData(zero.dataId);
      }
    },
  });
  replaced = true;
}
