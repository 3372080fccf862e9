import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../engine/core/rng.js';
import { vocabularyOf, type EvalOutput, type ForwardModel } from '../../engine/runtime/forward-model.js';
import { checkSpellable, sampleFromLogits } from './sampling.js';

/**
 * How many tokens the context keeps when it outgrows the model's length: the oldest quarter is
 * dropped at once (not one token a step), so a decoder with a key/value cache re-reads the rest
 * only every contextLength/4 tokens, and each token is predicted from at least 3/4 of a window.
 */
export function keptContext(contextLength: number): number {
  return contextLength - Math.max(1, Math.floor(contextLength / 4));
}

/**
 * Continue the prompt one token at a time. The model reads at most its context length: when the
 * text outgrows it, the oldest quarter is dropped (see keptContext). A model that can decode
 * incrementally (ForwardModel.decoder) reads each new token alone, with the keys and values of
 * the earlier ones kept; any other reads the whole context every step. Both see the same context,
 * so they sample the same text. `signal` aborts between tokens.
 */
export async function sampleText(p: { prompt: string; tokens: number; temperature: number; topK: number }, m: ForwardModel, rng: Rng, signal?: AbortSignal): Promise<EvalOutput> {
  const vocab = vocabularyOf(m);
  checkSpellable('prompt', p.prompt, vocab);
  let context = vocab.encode(p.prompt).slice(-m.contextLength);
  if (context.length === 0) context.push(vocab.special.bos ?? 0);
  const generated: number[] = [];
  const decoder = m.decoder?.();
  try {
    for (let i = 0; i < p.tokens; i++) {
      signal?.throwIfAborted();
      const unread = decoder ? context.slice(decoder.length) : context;
      const row = tf.tidy(() => {
        const ids = tf.tensor2d(unread, [1, unread.length], 'int32');
        const logits = decoder ? decoder.next(ids) : m.run(ids);
        const V = logits.shape[2]!;
        return logits.slice([0, unread.length - 1, 0], [1, 1, V]).reshape([V]);
      });
      const last = (await row.data()) as Float32Array;
      row.dispose();
      const next = sampleFromLogits(last, p.temperature, p.topK, rng);
      if (next === vocab.special.eos) break;
      generated.push(next);
      context.push(next);
      if (context.length > m.contextLength) {
        context = context.slice(-keptContext(m.contextLength));
        decoder?.reset();
      }
    }
  } finally {
    decoder?.dispose();
  }
  return { kind: 'text', title: 'Sampled text', text: p.prompt + vocab.decode(generated) };
}
