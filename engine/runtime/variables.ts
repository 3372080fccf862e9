import * as tf from '@tensorflow/tfjs';
import { hashSeed } from '../core/rng.js';

export type Initializer = { kind: 'normal'; std: number } | { kind: 'zeros' } | { kind: 'ones' } | { kind: 'constant'; value: number } | { kind: 'values'; values: readonly number[] };

/** Bounds the optimizer keeps a weight within after every update (CLIP clamps its logit scale so). */
export interface VariableLimits {
  min?: number;
  max?: number;
}

export interface NamedVariable {
  /** "<node id>/<name>": stable across runs, used in checkpoints */
  name: string;
  variable: tf.Variable;
  /** decoupled weight decay applies to matrices, not to biases and norm gains */
  decay: boolean;
  limits?: VariableLimits;
}

/** Makes one node's trainable weights: `variable("weight", [D, V], init)`, optionally kept within `limits`. */
export type MakeVariable = (name: string, shape: number[], init: Initializer, limits?: VariableLimits) => tf.Variable;

/** A weight's starting value; `seed` draws the normal ones. */
export function initialValue(shape: number[], init: Initializer, seed: number): tf.Tensor {
  switch (init.kind) {
    case 'normal':
      return tf.randomNormal(shape, 0, init.std, 'float32', seed);
    case 'zeros':
      return tf.zeros(shape);
    case 'ones':
      return tf.ones(shape);
    case 'values':
      return tf.tensor(init.values as number[], shape, 'float32');
    case 'constant':
      return tf.fill(shape, init.value);
  }
}

/**
 * A weight named "<node id>/<name>", its random start seeded from the graph seed and that name,
 * so a node's weights do not change when other nodes are added or removed.
 */
export function createVariable(seed: number, fullName: string, shape: number[], init: Initializer, tfName = fullName, limits?: VariableLimits): NamedVariable {
  const value = initialValue(shape, init, hashSeed(seed, fullName));
  const variable = tf.variable(value, true, tfName);
  value.dispose();
  return { name: fullName, variable, decay: shape.length >= 2, ...(limits ? { limits } : {}) };
}
