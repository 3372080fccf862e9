import * as tf from '@tensorflow/tfjs';
import { embeddingLookup } from '../../engine/runtime/embedding.js';
import type { MakeVariable } from '../../engine/runtime/variables.js';
import { incremental, type TensorApply } from '../../engine/runtime/step.js';

/**
 * A learnt [vocabSize, dModel] table; ids -> their rows, and the table itself (for tying). With
 * \`shared\`, the table arrives as the \`sharedTable\` input (another embedding's) and none is made.
 */
export function tokenEmbedding(p: { dModel: number; initStd: number }, vocabSize: number, shared: boolean, variable: MakeVariable): TensorApply {
  const own = shared ? undefined : (variable('table', [vocabSize, p.dModel], { kind: 'normal', std: p.initStd }) as tf.Tensor as tf.Tensor2D);
  // position by position: it decodes token by token as it is
  return incremental(({ ids, sharedTable }) => {
    const table = own ?? (sharedTable as tf.Tensor2D);
    return { hidden: embeddingLookup(ids!, table), table };
  });
}
