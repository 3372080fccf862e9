import * as tf from '@tensorflow/tfjs';
import { vocabularyOf, type EvalOutput, type ForwardModel } from '../../engine/runtime/forward-model.js';
import { checkSpellable, topProbabilities } from './sampling.js';

/** The model's top candidates for each [MASK] in the text, and the text filled with the best. */
export async function fillMask(p: { text: string; topK: number }, m: ForwardModel): Promise<EvalOutput> {
  const vocab = vocabularyOf(m);
  const maskId = vocab.special.mask;
  if (maskId === undefined) throw new Error('the tokenizer has no [MASK] token: add "mask" to its special tokens');
  // dropping them would fill a different text than the one written
  checkSpellable('text', p.text, vocab);
  const ids = vocab.encode(p.text);
  const positions = ids.flatMap((id, i) => (id === maskId ? [i] : []));
  if (positions.length === 0) throw new Error('setting "text" has no [MASK] the tokenizer reads as its mask token');
  // Each mask is read in a window of the model's context length centred on it, so a text
  // longer than the context still has every mask filled from both sides. All windows run as one batch.
  const width = Math.min(ids.length, m.contextLength);
  const starts = positions.map((pos) => Math.max(0, Math.min(pos - Math.floor(width / 2), ids.length - width)));
  const windows = starts.flatMap((start) => ids.slice(start, start + width));
  const logits = tf.tidy(() => m.run(tf.tensor2d(windows, [positions.length, width], 'int32')));
  const V = logits.shape[2]!;
  const all = (await logits.data()) as Float32Array;
  logits.dispose();
  const filled = [...ids];
  const rows = positions.map((pos, n) => {
    const row = n * width + (pos - starts[n]!);
    const top = topProbabilities(all.subarray(row * V, (row + 1) * V), p.topK);
    filled[pos] = top[0]!.id;
    return [n + 1, ...top.map((c) => `${JSON.stringify(vocab.idToToken(c.id))} ${(c.p * 100).toFixed(1)}%`)];
  });
  const columns = ['mask', ...Array.from({ length: p.topK }, (_, i) => `#${i + 1}`)];
  rows.push(['filled', vocab.decode(filled)]);
  return { kind: 'table', title: 'Fill mask', columns, rows };
}
