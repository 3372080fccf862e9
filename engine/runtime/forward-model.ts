import * as tf from '@tensorflow/tfjs';
import type { Vocabulary } from '../core/vocabulary.js';
import { DecodeCache } from './decode-cache.js';
import { evalStep, type StepContext } from './step.js';

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
  inputs?: ModelInput[];
  runWith?(feeds: Record<string, tf.Tensor>): tf.Tensor;
  /**
   * Present when every node on the path can run on new positions alone (a causal decoder-only
   * model): a decoder that keeps each attention layer's keys and values between calls.
   */
  decoder?(): IncrementalDecoder;
}

/**
 * Runs a model a few positions at a time: each call reads the ids that follow the ones read
 * before and returns the output for those positions only, as `run` on the whole sequence would.
 */
export interface IncrementalDecoder {
  /** ids [1, t]: positions length..length+t-1 -> output for them (e.g. logits [1, t, V]); caller disposes */
  next(ids: tf.Tensor2D): tf.Tensor;
  /** positions read so far */
  readonly length: number;
  /** forget every position read (the kept keys and values are freed); the next call starts at 0 */
  reset(): void;
  dispose(): void;
}

/** One input of a ForwardModel: the "node.port" feeding it in training, its length and what it carries. */
export interface ModelInput {
  key: string;
  contextLength: number;
  /** 'token-ids', 'image', 'timestep' */
  role?: string;
}

/** What an output node shows a person. */
export type EvalOutput =
  | { kind: 'text'; title: string; text: string }
  | { kind: 'table'; title: string; columns: string[]; rows: (string | number)[][] }
  /** `count` greyscale images of width x height, pixels 0..1 row by row, one image after another; shown `columns` to a row */
  | { kind: 'images'; title: string; width: number; height: number; count: number; columns: number; pixels: number[] };

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
  inputs: ModelInput[];
  masks: readonly string[];
  forward(feed: (key: string) => tf.Tensor, step: StepContext): tf.Tensor;
  /** every node on the path runs on new positions alone (see `incremental` in step.ts) */
  incremental?: boolean;
  /** throws the error to report: the model does not fit how it is being called */
  fail(message: string): never;
}): ForwardModel {
  const first = o.inputs[0]!;
  const onlyOne = `needs a model with one input; this one reads ${o.inputs.map((i) => i.key).join(' and ')}`;
  const run = (feed: (key: string) => tf.Tensor | undefined, step: StepContext = evalStep(0)) =>
    tf.tidy(() =>
      o.forward((key) => {
        const x = feed(key) ?? (o.masks.includes(key) ? tf.zeros([0]) : undefined);
        return x ?? o.fail(`no ids given for the model's input ${key}`);
      }, step),
    );
  const single = (ids: tf.Tensor2D, step?: StepContext) => (o.inputs.length === 1 ? run((key) => (key === first.key ? ids : undefined), step) : o.fail(onlyOne));
  const decoder = (): IncrementalDecoder => {
    const cache = new DecodeCache();
    return {
      next(ids) {
        const out = single(ids, { ...evalStep(0), decode: cache });
        cache.advance(ids.shape[1]);
        return out;
      },
      get length() {
        return cache.offset;
      },
      reset: () => cache.dispose(),
      dispose: () => cache.dispose(),
    };
  };
  return {
    ...(o.vocabulary ? { vocabulary: o.vocabulary } : {}),
    contextLength: first.contextLength,
    inputs: o.inputs,
    // A model with several token-id inputs (an encoder-decoder) runs only through runWith.
    run: (ids) => single(ids),
    runWith: (feeds) => run((key) => feeds[key]),
    ...(o.incremental && o.inputs.length === 1 && first.role === 'token-ids' ? { decoder } : {}),
  };
}

const SHADES = ' .:-=+*#%@';

/**
 * An output as plain text, for a terminal: text as is, a table a row a line, images as a rough
 * character picture (each character 2x2 pixels), up to 8 side by side.
 */
export function outputText(o: EvalOutput, separator = '  '): string {
  if (o.kind === 'text') return o.text;
  if (o.kind === 'table') return [o.columns, ...o.rows].map((r) => r.join(separator)).join('\n');
  const shown = Math.min(o.count, 8);
  const lines: string[] = [];
  for (let y = 0; y + 1 < o.height; y += 2) {
    let line = '';
    for (let n = 0; n < shown; n++) {
      const base = n * o.width * o.height;
      for (let x = 0; x + 1 < o.width; x += 2) {
        const v = (o.pixels[base + y * o.width + x]! + o.pixels[base + y * o.width + x + 1]! + o.pixels[base + (y + 1) * o.width + x]! + o.pixels[base + (y + 1) * o.width + x + 1]!) / 4;
        line += SHADES[Math.min(SHADES.length - 1, Math.max(0, Math.round(v * (SHADES.length - 1))))];
      }
      line += ' ';
    }
    lines.push(line.trimEnd());
  }
  return `${o.count} images of ${o.width}x${o.height}${o.count > shown ? ` (the first ${shown})` : ''}:\n${lines.join('\n')}`;
}
