import * as tf from '@tensorflow/tfjs';
import { addPositions, addSinusoidalPositions, sinusoidalTable } from '../../engine/runtime/positional.js';
import type { MakeVariable } from '../../engine/runtime/variables.js';
import { incremental, type TensorApply } from '../../engine/runtime/step.js';

/**
 * Adds a vector per position: a learnt [maxLength, D] table, or fixed sinusoids. While decoding
 * token by token, the new positions start where the earlier calls left off.
 */
export function positionalEmbedding(p: { kind: 'learned' | 'sinusoidal'; maxLength: number }, width: number, variable: MakeVariable): TensorApply {
  if (p.kind === 'sinusoidal') {
    const fixed = sinusoidalTable(p.maxLength, width);
    return incremental(({ hidden }, step) => ({ hidden: addSinusoidalPositions(hidden!, fixed, step.decode?.offset) }));
  }
  const table = variable('table', [p.maxLength, width], { kind: 'normal', std: 0.02 }) as tf.Tensor as tf.Tensor2D;
  return incremental(({ hidden }, step) => ({ hidden: addPositions(hidden!, table, step.decode?.offset) }));
}
