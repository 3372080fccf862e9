import * as tf from '@tensorflow/tfjs';
import { linear, transpose2d } from '../../engine/runtime/matmul.js';
import type { MakeVariable } from '../../engine/runtime/variables.js';
import { incremental, type TensorApply } from '../../engine/runtime/step.js';

/** hidden [B, T, D] -> logits [B, T, V], through its own [D, V] matrix or a tied embedding table. */
export function lmHead(p: { bias: boolean }, width: number, vocabSize: number, tied: boolean, variable: MakeVariable): TensorApply {
  const own = tied ? undefined : (variable('weight', [width, vocabSize], { kind: 'normal', std: 0.02 }) as tf.Tensor as tf.Tensor2D);
  const bias = p.bias ? (variable('bias', [vocabSize], { kind: 'zeros' }) as tf.Tensor as tf.Tensor1D) : undefined;
  // position by position: it decodes token by token as it is
  return incremental(({ hidden, tiedTable }) => {
    const w = own ?? transpose2d(tiedTable as tf.Tensor2D);
    return { logits: linear(hidden!, w, bias) };
  });
}
