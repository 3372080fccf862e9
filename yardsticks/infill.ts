import * as tf from '@tensorflow/tfjs';
import { characterCounts, notApplicable, textWindows, type Measure } from './measure.js';
import type { TextModel } from './text-model.js';

/**
 * Infill: a span of `span` characters hidden in the middle of `window` characters of held-out
 * text, to be written back from both sides:
 * - a masked LM reads the window with each hidden character as [MASK] and names each one;
 * - an encoder-decoder reads it with the span as <extra_id_0> (after [NLU], UL2's mode for
 *   short gaps, when it has one) and writes the span greedily until its next sentinel;
 * - a causal LM sees only the left side: n/a.
 * Two figures: character accuracy (position by position) and exact match (the whole span).
 * Baselines, from the training text: always the most frequent character; always its most
 * frequent `span`-character string.
 */

export interface InfillOptions {
  items?: number;
  window?: number;
  span?: number;
}

export const INFILL_DEFAULTS = { items: 256, window: 20, span: 4 } as const;

export interface InfillMeasures {
  chars: Measure;
  exact: Measure;
}

interface Item {
  left: string;
  span: string;
  right: string;
}

function both(note: string): InfillMeasures {
  return { chars: notApplicable(note, true), exact: notApplicable(note, true) };
}

function baselines(train: string, spans: string[], width: number): { chars: number; exact: number } {
  const counts = characterCounts(train);
  const top = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? ' ';
  const grams = new Map<string, number>();
  const chars = [...train];
  for (let i = 0; i + width <= chars.length; i += 1) {
    const g = chars.slice(i, i + width).join('');
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  const topGram = [...grams].sort((a, b) => b[1] - a[1])[0]?.[0];
  let hit = 0;
  let all = 0;
  for (const s of spans) for (const ch of s) (all++, ch === top && hit++);
  return { chars: hit / all, exact: spans.filter((s) => s === topGram).length / spans.length };
}

/** Compare written spans with the hidden ones. */
function score(items: Item[], written: string[]): { chars: number; exact: number } {
  let hit = 0;
  let all = 0;
  let exact = 0;
  items.forEach((it, i) => {
    const want = [...it.span];
    const got = [...written[i]!];
    want.forEach((ch, k) => (all++, got[k] === ch && hit++));
    if (written[i] === it.span) exact++;
  });
  return { chars: hit / all, exact: exact / items.length };
}

async function maskedLmWrite(m: TextModel, items: Item[]): Promise<string[] | string> {
  const v = m.vocabulary;
  const mask = v.special.mask;
  if (mask === undefined) return 'its tokenizer has no [MASK] to hide characters with';
  const rows = items.map((it) => [...v.encode(it.left), ...[...it.span].map(() => mask), ...v.encode(it.right)]);
  const width = rows[0]!.length;
  if (rows.some((r) => r.length !== width) || width > m.logits.contextLength) return 'its vocabulary does not give one token per character, or its context is shorter than the window';
  const at = [...items[0]!.left].length;
  const n = [...items[0]!.span].length;
  const best = tf.tidy(() => tf.argMax(m.logits.run(tf.tensor2d(rows, [rows.length, width], 'int32')).slice([0, at, 0], [-1, n, -1]), -1));
  const ids = (await best.array()) as number[][];
  best.dispose();
  return ids.map((row) => row.map((id) => v.idToToken(id)).join(''));
}

async function encoderDecoderWrite(m: TextModel, items: Item[]): Promise<string[] | string> {
  const v = m.vocabulary;
  const { pad, nlu, sentinels } = v.special;
  if (pad === undefined || sentinels.length < 2) return 'its tokenizer has no [PAD] or fewer than 2 sentinels';
  const lead = nlu !== undefined ? [nlu] : [];
  const enc = items.map((it) => [...lead, ...v.encode(it.left), sentinels[0]!, ...v.encode(it.right)]);
  const width = enc[0]!.length;
  if (enc.some((r) => r.length !== width) || width > m.encoder!.contextLength) return `its encoder reads ${m.encoder!.contextLength} tokens: fewer than the yardstick's window`;
  const span = [...items[0]!.span].length;
  // <extra_id_0>, the span, <extra_id_1>: the decoder needs that many positions
  const steps = Math.min(span + 2, m.decoder!.contextLength);
  const encoder = tf.tensor2d(enc, [enc.length, width], 'int32');
  const dec = items.map(() => [pad]);
  try {
    for (let s = 0; s < steps; s++) {
      const next = tf.tidy(() => {
        const logits = m.logits.runWith!({ [m.encoder!.key]: encoder, [m.decoder!.key]: tf.tensor2d(dec, [dec.length, dec[0]!.length], 'int32') });
        return tf.argMax(logits.slice([0, dec[0]!.length - 1, 0], [-1, 1, -1]).reshape([dec.length, -1]), -1);
      });
      const ids = (await next.data()) as Int32Array;
      next.dispose();
      dec.forEach((row, i) => row.push(ids[i]!));
    }
  } finally {
    encoder.dispose();
  }
  // what follows <extra_id_0>, up to the next sentinel (a model that skips <extra_id_0> wrote nothing)
  return dec.map((row) => {
    const written = row.slice(1);
    const from = written.indexOf(sentinels[0]!);
    if (from < 0) return '';
    const rest = written.slice(from + 1);
    const end = rest.findIndex((id) => sentinels.includes(id) || id === pad);
    return (end < 0 ? rest : rest.slice(0, end)).map((id) => v.idToToken(id)).join('');
  });
}

/** Character accuracy and exact match of spans written back into held-out text (higher is better). */
export async function infillYardstick(m: TextModel, o: InfillOptions = {}): Promise<InfillMeasures> {
  const { items: count, window, span } = { ...INFILL_DEFAULTS, ...o };
  if (m.kind === 'causal') return both('reads only what comes before a position: it cannot see the right side of a gap');
  const left = Math.floor((window - span) / 2);
  const items = textWindows(m.text.val, count, window).map((w): Item => {
    const chars = [...w];
    return { left: chars.slice(0, left).join(''), span: chars.slice(left, left + span).join(''), right: chars.slice(left + span).join('') };
  });
  if (items.length === 0) return both('the held-out text is too short');
  const written = m.kind === 'bidirectional' ? await maskedLmWrite(m, items) : await encoderDecoderWrite(m, items);
  if (typeof written === 'string') return both(written);
  const got = score(items, written);
  const base = baselines(m.text.train, items.map((it) => it.span), span);
  return {
    chars: { value: got.chars, baseline: base.chars, higherIsBetter: true, items: items.length },
    exact: { value: got.exact, baseline: base.exact, higherIsBetter: true, items: items.length },
  };
}
