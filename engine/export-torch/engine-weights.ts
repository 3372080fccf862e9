import type { TrainingProgram } from '../compile/program-types.js';
import type { SafeTensor } from '../core/safetensors.js';

/** A compiled program's weights as they are now, by their engine names. */
export function engineWeights(program: TrainingProgram): Record<string, SafeTensor> {
  return Object.fromEntries(program.variables.map((v) => [v.name, { dtype: 'float32', shape: v.variable.shape, data: v.variable.dataSync() as Float32Array } as SafeTensor]));
}
