import * as tf from '@tensorflow/tfjs';
import { gelu } from '../../engine/runtime/activations.js';
import { linear } from '../../engine/runtime/matmul.js';
import type { MakeVariable } from '../../engine/runtime/variables.js';
import type { TensorApply } from '../../engine/runtime/step.js';

/** images [B, P] -> vectors [B, D]: a two-layer perceptron (P -> hidden -> D) with a GELU between. */
export function imageEncoder(p: { hidden: number; dModel: number }, pixels: number, variable: MakeVariable): TensorApply {
  const w1 = variable('w1', [pixels, p.hidden], { kind: 'normal', std: Math.sqrt(2 / pixels) }) as tf.Tensor as tf.Tensor2D;
  const b1 = variable('b1', [p.hidden], { kind: 'zeros' }) as tf.Tensor as tf.Tensor1D;
  const w2 = variable('w2', [p.hidden, p.dModel], { kind: 'normal', std: Math.sqrt(1 / p.hidden) }) as tf.Tensor as tf.Tensor2D;
  const b2 = variable('b2', [p.dModel], { kind: 'zeros' }) as tf.Tensor as tf.Tensor1D;
  return ({ images }) => ({ vectors: linear(gelu(linear(images!, w1, b1)), w2, b2) });
}
