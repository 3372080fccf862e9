import * as tf from '@tensorflow/tfjs';
import type { ForwardModel } from '../../engine/registry/define-node.js';
import type { Vocabulary } from '../../engine/core/vocabulary.js';

/**
 * Forward models whose logits follow a fixed rule, for testing output nodes exactly: what a
 * node does with a model (encoding, windows, decoding) is checked against a model whose every
 * answer is known. Real tfjs tensors; `calls` records the id batches the node ran.
 */
export function ruleModel(vocabulary: Vocabulary, contextLength: number, rule: (ids: number[], t: number) => number): ForwardModel & { calls: number[][][] } {
  const calls: number[][][] = [];
  return {
    vocabulary,
    contextLength,
    calls,
    run(ids) {
      const [b, t] = ids.shape;
      if (t > contextLength) throw new Error(`ran ${t} positions, more than the context of ${contextLength}`);
      const rows = ids.arraySync() as number[][];
      calls.push(rows);
      const logits = new Float32Array(b * t * vocabulary.size).fill(-10);
      rows.forEach((row, i) => row.forEach((_, j) => (logits[(i * t + j) * vocabulary.size + rule(row, j)] = 10)));
      return tf.tensor3d(logits, [b, t, vocabulary.size]);
    },
  };
}
