import { splitOnSpecials, type Vocabulary } from '../../engine/core/vocabulary.js';
import type { Rng } from '../../engine/core/rng.js';

/**
 * Draw one id from unnormalised log-probabilities: scale by 1/temperature, keep the top k
 * (0 keeps all), softmax, sample. On the host: a row of V floats is cheap to copy.
 */
export function sampleFromLogits(logits: Float32Array, temperature: number, topK: number, rng: Rng): number {
  const n = logits.length;
  let idx = Array.from({ length: n }, (_, i) => i);
  if (topK > 0 && topK < n) idx = idx.sort((a, b) => logits[b]! - logits[a]!).slice(0, topK);
  const t = Math.max(temperature, 1e-4);
  let max = -Infinity;
  for (const i of idx) max = Math.max(max, logits[i]! / t);
  const weights = idx.map((i) => Math.exp(logits[i]! / t - max));
  const total = weights.reduce((a, b) => a + b, 0);
  let r = rng.next() * total;
  for (let j = 0; j < idx.length; j++) {
    r -= weights[j]!;
    if (r <= 0) return idx[j]!;
  }
  return idx[idx.length - 1]!;
}

/** Softmax probabilities of the k most likely ids, most likely first. */
export function topProbabilities(logits: Float32Array, k: number): { id: number; p: number }[] {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  let total = 0;
  const exp = Float32Array.from(logits, (v) => {
    const e = Math.exp(v - max);
    total += e;
    return e;
  });
  return Array.from({ length: logits.length }, (_, id) => ({ id, p: exp[id]! / total }))
    .sort((a, b) => b.p - a.p)
    .slice(0, k);
}

/**
 * The characters of `text` the vocabulary cannot spell (a character tokenizer knows only the
 * corpus's characters). Dropping them silently would make the model continue a different prompt.
 */
/** Throws, naming the setting and the characters, when the vocabulary cannot spell all of `text`. */
export function checkSpellable(setting: string, text: string, vocab: Vocabulary): void {
  const missing = unspellable(vocab, text);
  if (missing.length) {
    throw new Error(`setting "${setting}" has characters the vocabulary lacks: ${missing.map((c) => JSON.stringify(c)).join(', ')} (the tokenizer learnt its characters from the corpus)`);
  }
}

export function unspellable(vocab: Vocabulary, text: string): string[] {
  const missing = new Set<string>();
  // special tokens written in the text ([MASK], [NLU], <extra_id_0>) are spelled whole
  for (const piece of splitOnSpecials(text, vocab.specialTokens)) {
    if (piece.special) continue;
    for (const c of piece.text) if (vocab.decode(vocab.encode(c)) !== c) missing.add(c);
  }
  return [...missing];
}
