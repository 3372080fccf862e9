import * as tf from '@tensorflow/tfjs';
import type { HostTensor } from '../core/host-tensor.js';

/** A batch value made on the host, as the tensor the model reads. */
export function hostToTensor(h: HostTensor): tf.Tensor {
  return tf.tensor(h.data, h.shape, h.dtype);
}
