import * as tf from '@tensorflow/tfjs';
import { sentinelToken, type Vocabulary } from '../../engine/core/vocabulary.js';
import { vocabularyOf, type EvalOutput, type ForwardModel } from '../../engine/runtime/forward-model.js';
import { SPAN_CORRUPTION_PORTS } from '../masking/span-corruption.run.js';
import { checkSpellable } from './sampling.js';

/** Split decoded targets "<extra_id_0> a <extra_id_1> b <extra_id_2>" into spans by sentinel number. */
export function splitTargets(ids: readonly number[], sentinels: readonly number[]): Map<number, number[]> {
  const spans = new Map<number, number[]>();
  let current: number[] | undefined;
  for (const id of ids) {
    const s = sentinels.indexOf(id);
    if (s >= 0) {
      current = [];
      if (!spans.has(s)) spans.set(s, current);
    } else current?.push(id);
  }
  return spans;
}

/** The model's encoder and decoder inputs, found by the span-corruption ports that feed them in training. */
function encoderDecoder(m: ForwardModel) {
  const find = (port: string) => m.inputs?.find((i) => i.key.endsWith(`.${port}`));
  const enc = find(SPAN_CORRUPTION_PORTS.inputs);
  const dec = find(SPAN_CORRUPTION_PORTS.decoderInputs);
  if (!m.runWith || !enc || !dec || m.inputs!.length !== 2) {
    const reads = (m.inputs ?? []).map((i) => i.key).join(', ') || 'one token-id input';
    throw new Error(`needs the logits of an encoder-decoder trained on span corruption (fed by its "inputs" and "decoderInputs"); this model reads ${reads}`);
  }
  return { enc, dec, runWith: m.runWith };
}

/** Greedy decoding of the targets for encoder ids; stops at the sentinel after the last one in the input. */
async function greedyTargets(m: ReturnType<typeof encoderDecoder>, vocab: Vocabulary, input: number[], stopSentinel: number): Promise<number[]> {
  const start = vocab.special.pad!;
  const out: number[] = [];
  const encoder = tf.tensor2d(input, [1, input.length], 'int32');
  try {
    while (out.length < m.dec.contextLength) {
      const context = [start, ...out];
      const next = tf.tidy(() => {
        const logits = m.runWith({ [m.enc.key]: encoder, [m.dec.key]: tf.tensor2d(context, [1, context.length], 'int32') });
        return tf.argMax(logits.gather([context.length - 1], 1).reshape([-1]));
      });
      const id = (await next.data())[0]!;
      next.dispose();
      out.push(id);
      if (id === stopSentinel) break;
    }
  } finally {
    encoder.dispose();
  }
  return out;
}

/**
 * The encoder reads at most `width` tokens: a longer text is cut to the window of that width
 * centred on its sentinels (they must all fit in it).
 */
export function encoderWindow(ids: number[], sentinels: readonly number[], width: number): number[] {
  if (ids.length <= width) return ids;
  const at = ids.flatMap((id, i) => (sentinels.includes(id) ? [i] : []));
  const first = at[0]!;
  const last = at[at.length - 1]!;
  if (last - first + 1 > width) {
    throw new Error(`setting "text" has its sentinels ${last - first + 1} tokens apart, more than the ${width} the encoder reads: put them closer together`);
  }
  const centred = Math.round((first + last + 1) / 2 - width / 2);
  const start = Math.min(Math.max(centred, last - width + 1, 0), first, ids.length - width);
  return ids.slice(start, start + width);
}

/** Greedy infill of the spans the sentinels in the text stand for, with an encoder-decoder trained on span corruption. */
export async function spanInfill(p: { text: string }, forward: ForwardModel): Promise<EvalOutput> {
  const m = encoderDecoder(forward);
  const vocab = vocabularyOf(forward);
  const { sentinels, pad } = vocab.special;
  if (pad === undefined || sentinels.length === 0) throw new Error('the tokenizer has no [PAD] or no sentinels: add "pad" to its special tokens and set its "sentinels"');
  checkSpellable('text', p.text.split(/<extra_id_\d+>/).join(''), vocab);
  const ids = vocab.encode(p.text);
  const used = sentinels.map((s, i) => (ids.includes(s) ? i : -1)).filter((i) => i >= 0);
  const last = Math.max(...used);
  if (last < 0) throw new Error(`setting "text" has no sentinel the tokenizer knows (it has ${sentinelToken(0)} .. ${sentinelToken(sentinels.length - 1)})`);
  if (last + 1 >= sentinels.length) {
    throw new Error(`setting "text" uses ${sentinelToken(last)}, but the targets close with the next sentinel and the tokenizer has only ${sentinels.length}: use at most ${sentinelToken(sentinels.length - 2)}`);
  }
  const targets = await greedyTargets(m, vocab, encoderWindow(ids, sentinels, m.enc.contextLength), sentinels[last + 1]!);
  const spans = splitTargets(targets, sentinels);
  const filled = ids.flatMap((id) => {
    const s = sentinels.indexOf(id);
    return s >= 0 ? (spans.get(s) ?? []) : [id];
  });
  const rows: (string | number)[][] = used.map((s) => [sentinelToken(s), spans.has(s) ? JSON.stringify(vocab.decode(spans.get(s)!)) : '(not written)']);
  rows.push(['filled', vocab.decode(filled)], ['targets', vocab.decode(targets)]);
  return { kind: 'table', title: 'Span infill', columns: ['sentinel', 'span'], rows };
}
