/**
 * A batch-stage value: plain typed arrays made on the host (batching, masking) before the
 * model sees them. Kept off tfjs so the data pipeline is identical on every backend.
 */
export interface HostTensor {
  dtype: 'int32' | 'float32';
  shape: number[];
  data: Int32Array | Float32Array;
}

export function hostInt(shape: number[], data?: Int32Array): HostTensor {
  return { dtype: 'int32', shape, data: data ?? new Int32Array(shape.reduce((a, b) => a * b, 1)) };
}

export function hostFloat(shape: number[], data?: Float32Array): HostTensor {
  return { dtype: 'float32', shape, data: data ?? new Float32Array(shape.reduce((a, b) => a * b, 1)) };
}
