import * as tf from '@tensorflow/tfjs';
import { embeddingLookup } from '../../engine/runtime/embedding.js';
import type { MakeVariable } from '../../engine/runtime/variables.js';
import type { TensorApply } from '../../engine/runtime/step.js';

/** A learnt [vocabSize, dModel] table; ids -> their rows, and the table itself (for tying). */
export function tokenEmbedding(p: { dModel: number; initStd: number }, vocabSize: number, variable: MakeVariable): TensorApply {
  const table = variable('table', [vocabSize, p.dModel], { kind: 'normal', std: p.initStd }) as tf.Tensor as tf.Tensor2D;
  return ({ ids }) => ({ hidden: embeddingLookup(ids!, table), table });
}
