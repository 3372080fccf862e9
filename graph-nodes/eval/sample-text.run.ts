import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../engine/core/rng.js';
import { vocabularyOf, type EvalOutput, type ForwardModel } from '../../engine/runtime/forward-model.js';
import { sampleFromLogits, unspellable } from './sampling.js';

/** Continue the prompt one token at a time, feeding back at most the model's context length. */
export async function sampleText(p: { prompt: string; tokens: number; temperature: number; topK: number }, m: ForwardModel, rng: Rng): Promise<EvalOutput> {
  const vocab = vocabularyOf(m);
  const missing = unspellable(vocab, p.prompt);
  if (missing.length) {
    throw new Error(`setting "prompt" has characters the vocabulary lacks: ${missing.map((c) => JSON.stringify(c)).join(', ')} (the tokenizer learnt its characters from the corpus)`);
  }
  const ids = vocab.encode(p.prompt);
  const generated: number[] = [];
  for (let i = 0; i < p.tokens; i++) {
    const context = [...ids, ...generated].slice(-m.contextLength);
    if (context.length === 0) context.push(vocab.special.bos ?? 0);
    const row = tf.tidy(() => {
      const logits = m.run(tf.tensor2d(context, [1, context.length], 'int32'));
      const V = logits.shape[2]!;
      return logits.slice([0, context.length - 1, 0], [1, 1, V]).reshape([V]);
    });
    const last = (await row.data()) as Float32Array;
    row.dispose();
    const next = sampleFromLogits(last, p.temperature, p.topK, rng);
    if (next === vocab.special.eos) break;
    generated.push(next);
  }
  return { kind: 'text', title: 'Sampled text', text: p.prompt + vocab.decode(generated) };
}
