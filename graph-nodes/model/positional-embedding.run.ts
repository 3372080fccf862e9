import * as tf from '@tensorflow/tfjs';
import { addPositions, addSinusoidalPositions, sinusoidalTable } from '../../engine/runtime/positional.js';
import type { MakeVariable } from '../../engine/runtime/variables.js';
import type { TensorApply } from '../../engine/runtime/step.js';

/** Adds a vector per position: a learnt [maxLength, D] table, or fixed sinusoids. */
export function positionalEmbedding(p: { kind: 'learned' | 'sinusoidal'; maxLength: number }, width: number, variable: MakeVariable): TensorApply {
  if (p.kind === 'sinusoidal') {
    const fixed = sinusoidalTable(p.maxLength, width);
    return ({ hidden }) => ({ hidden: addSinusoidalPositions(hidden!, fixed) });
  }
  const table = variable('table', [p.maxLength, width], { kind: 'normal', std: 0.02 }) as tf.Tensor as tf.Tensor2D;
  return ({ hidden }) => ({ hidden: addPositions(hidden!, table) });
}
