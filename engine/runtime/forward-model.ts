import * as tf from '@tensorflow/tfjs';
import type { Vocabulary } from '../core/vocabulary.js';

/** A compiled path from the model's input(s) — token ids, images — to one of its outputs, for output nodes. */
export interface ForwardModel {
  /** the vocabulary of its (first) token-id input, for encoding prompts and decoding outputs; absent when it reads no ids */
  vocabulary?: Vocabulary;
  /** the longest sequence the model was built for (T of its first input; for images, the pixels per image) */
  contextLength: number;
  /** input [b, t] (t <= contextLength) -> the output tensor, e.g. logits [b, t, V]; caller disposes */
  run(ids: tf.Tensor2D): tf.Tensor;
  /**
   * Every input of the path, by the "node.port" that feeds it: more than one for an
   * encoder-decoder (whose `run` then refuses), with `runWith` taking one tensor per key.
   */
  inputs?: { key: string; contextLength: number }[];
  runWith?(feeds: Record<string, tf.Tensor2D>): tf.Tensor;
}

/** What an output node shows a person. */
export type EvalOutput =
  | { kind: 'text'; title: string; text: string }
  | { kind: 'table'; title: string; columns: string[]; rows: (string | number)[][] };

/** The vocabulary of a model that output nodes feed text: an error for a model that reads no token ids. */
export function vocabularyOf(m: ForwardModel): Vocabulary {
  if (!m.vocabulary) throw new Error('needs a model that reads token ids; this one reads ' + (m.inputs ?? []).map((i) => i.key).join(', '));
  return m.vocabulary;
}

/**
 * A ForwardModel from a function that runs the path on fed inputs. Token-id inputs are fed from
 * the caller's ids; attention masks (a prefix LM's prefix lengths, which only training batches
 * carry) are fed empty, so the model falls back to its own mask (plain causal).
 */
export function forwardModelOf(o: {
  vocabulary?: Vocabulary;
  inputs: { key: string; contextLength: number }[];
  masks: readonly string[];
  forward(feed: (key: string) => tf.Tensor): tf.Tensor;
  /** throws the error to report: the model does not fit how it is being called */
  fail(message: string): never;
}): ForwardModel {
  const first = o.inputs[0]!;
  const onlyOne = `needs a model with one input; this one reads ${o.inputs.map((i) => i.key).join(' and ')}`;
  const run = (feed: (key: string) => tf.Tensor | undefined) =>
    tf.tidy(() =>
      o.forward((key) => {
        const x = feed(key) ?? (o.masks.includes(key) ? tf.zeros([0]) : undefined);
        return x ?? o.fail(`no ids given for the model's input ${key}`);
      }),
    );
  return {
    ...(o.vocabulary ? { vocabulary: o.vocabulary } : {}),
    contextLength: first.contextLength,
    inputs: o.inputs,
    // A model with several token-id inputs (an encoder-decoder) runs only through runWith.
    run: (ids) => (o.inputs.length === 1 ? run((key) => (key === first.key ? ids : undefined)) : o.fail(onlyOne)),
    runWith: (feeds) => run((key) => feeds[key]),
  };
}
