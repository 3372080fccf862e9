import * as tf from '@tensorflow/tfjs';
import type { Vocabulary } from '../engine/core/vocabulary.js';
import { characterCounts, notApplicable, textWindows, type Measure } from './measure.js';
import type { TextModel } from './text-model.js';

/**
 * Generation: how well the model predicts held-out text from what came before it, in bits per
 * character. Each item is `context` characters of held-out text followed by `continuation`
 * characters; the model scores the continuation given the context, left to right:
 * - a causal (or prefix) LM reads context + continuation and predicts each next token;
 * - an encoder-decoder reads the context in its encoder and writes the continuation: UL2 in its
 *   S mode ([S2S] + context -> continuation), T5 as a span at the end (context + <extra_id_0> ->
 *   <extra_id_0> continuation);
 * - a masked LM reads both sides and cannot score text left to right: n/a.
 * The baseline is a model that ignores the context: the training text's character frequencies.
 */

export interface GenerationOptions {
  items?: number;
  context?: number;
  continuation?: number;
}

export const GENERATION_DEFAULTS = { items: 256, context: 16, continuation: 6 } as const;

interface Scored {
  /** nats over the continuation's tokens */
  nats: number;
  /** characters of the continuation that were scored */
  chars: number;
}

/** Sum of -log p(target) over rows, from logits [n, t, V] at the given (row, position, target) triples. */
async function nats(logits: tf.Tensor, picks: { row: number; at: number; target: number }[]): Promise<number> {
  const [, t, V] = logits.shape as [number, number, number];
  const logp = tf.tidy(() => tf.logSoftmax(logits).reshape([-1]));
  const data = (await logp.data()) as Float32Array;
  logp.dispose();
  return picks.reduce((sum, p) => sum - data[(p.row * t + p.at) * V + p.target]!, 0);
}

function unigramBitsPerChar(train: string, continuations: string[]): number {
  const counts = characterCounts(train);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const size = counts.size + 1; // add-one for characters the training text lacks
  let bits = 0;
  let chars = 0;
  for (const c of continuations) {
    for (const ch of c) {
      bits -= Math.log2(((counts.get(ch) ?? 0) + 1) / (total + size));
      chars++;
    }
  }
  return bits / chars;
}

/** Score windows whose encoded lengths agree, as one batch. */
async function scoreGroup(run: (rows: number[][]) => tf.Tensor, rows: number[][], picks: { row: number; at: number; target: number }[]): Promise<number> {
  const logits = tf.tidy(() => run(rows));
  try {
    return await nats(logits, picks);
  } finally {
    logits.dispose();
  }
}

function encodeText(vocabulary: Vocabulary, text: string): number[] {
  return vocabulary.encode(text);
}

async function causalScore(m: TextModel, items: { context: string; continuation: string }[]): Promise<Scored> {
  let total = 0;
  let chars = 0;
  // group by encoded lengths (equal for a character vocabulary: one batch)
  const groups = new Map<string, { rows: number[][]; picks: { row: number; at: number; target: number }[] }>();
  for (const it of items) {
    const c = encodeText(m.vocabulary, it.context);
    const k = encodeText(m.vocabulary, it.continuation);
    if (c.length === 0 || k.length === 0 || c.length + k.length > m.logits.contextLength) continue;
    const g = groups.get(`${c.length}/${k.length}`) ?? { rows: [], picks: [] };
    const row = g.rows.length;
    g.rows.push([...c, ...k]);
    k.forEach((target, j) => g.picks.push({ row, at: c.length + j - 1, target }));
    groups.set(`${c.length}/${k.length}`, g);
    chars += [...it.continuation].length;
  }
  for (const g of groups.values()) total += await scoreGroup((rows) => m.logits.run(tf.tensor2d(rows, [rows.length, rows[0]!.length], 'int32')), g.rows, g.picks);
  return { nats: total, chars };
}

async function encoderDecoderScore(m: TextModel, items: { context: string; continuation: string }[]): Promise<Scored | string> {
  const v = m.vocabulary;
  const { pad, s2s, sentinels } = v.special;
  if (pad === undefined) return 'its tokenizer has no [PAD] to start the decoder with';
  // UL2's sequential mode when the model has it; else the continuation as a span at the end (T5)
  const asSpan = s2s === undefined;
  if (asSpan && sentinels.length === 0) return 'its encoder-decoder has neither an [S2S] mode token nor sentinels to ask for a continuation';
  let total = 0;
  let chars = 0;
  const groups = new Map<string, { enc: number[][]; dec: number[][]; picks: { row: number; at: number; target: number }[] }>();
  for (const it of items) {
    const c = encodeText(v, it.context);
    const k = encodeText(v, it.continuation);
    const enc = asSpan ? [...c, sentinels[0]!] : [s2s!, ...c];
    const targets = asSpan ? [sentinels[0]!, ...k] : k;
    if (k.length === 0 || enc.length > m.encoder!.contextLength || targets.length > m.decoder!.contextLength) continue;
    const key = `${enc.length}/${targets.length}`;
    const g = groups.get(key) ?? { enc: [], dec: [], picks: [] };
    const row = g.enc.length;
    g.enc.push(enc);
    g.dec.push([pad, ...targets.slice(0, -1)]);
    const offset = targets.length - k.length;
    k.forEach((target, j) => g.picks.push({ row, at: offset + j, target }));
    groups.set(key, g);
    chars += [...it.continuation].length;
  }
  if (groups.size === 0) return `its decoder writes at most ${m.decoder!.contextLength} tokens and its encoder reads ${m.encoder!.contextLength}: too few for the yardstick's items`;
  for (const g of groups.values()) {
    const logits = tf.tidy(() =>
      m.logits.runWith!({
        [m.encoder!.key]: tf.tensor2d(g.enc, [g.enc.length, g.enc[0]!.length], 'int32'),
        [m.decoder!.key]: tf.tensor2d(g.dec, [g.dec.length, g.dec[0]!.length], 'int32'),
      }),
    );
    try {
      total += await nats(logits, g.picks);
    } finally {
      logits.dispose();
    }
  }
  return { nats: total, chars };
}

/** Held-out continuation loss in bits per character (lower is better). */
export async function generationYardstick(m: TextModel, o: GenerationOptions = {}): Promise<Measure> {
  const { items, context, continuation } = { ...GENERATION_DEFAULTS, ...o };
  if (m.kind === 'bidirectional') return notApplicable('reads both sides of every position: it cannot score text left to right', false);
  const windows = textWindows(m.text.val, items, context + continuation).map((w) => {
    const chars = [...w];
    return { context: chars.slice(0, context).join(''), continuation: chars.slice(context).join('') };
  });
  if (windows.length === 0) return notApplicable('the held-out text is too short', false);
  const scored = m.kind === 'causal' ? await causalScore(m, windows) : await encoderDecoderScore(m, windows);
  if (typeof scored === 'string') return notApplicable(scored, false);
  if (scored.chars === 0) return notApplicable(`its context (${m.logits.contextLength} tokens) is shorter than the yardstick's items`, false);
  const baseline = unigramBitsPerChar(m.text.train, windows.map((w) => w.continuation));
  return { value: scored.nats / Math.LN2 / scored.chars, baseline, higherIsBetter: false, items: windows.length };
}
