import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { CharVocabulary } from '../engine/data/tokenizers/char-vocabulary.js';
import type { ForwardModel } from '../engine/runtime/forward-model.js';
import { generationYardstick } from './generation.js';
import { infillYardstick } from './infill.js';
import { fitLogistic } from './logistic-regression.js';
import { textWindows } from './measure.js';
import type { TextModel } from './text-model.js';

/*
 * Each yardstick against a case worked by hand, with stand-in models whose answers are known: a
 * uniform one (every token equally likely), and "oracles" that read the answer off their input
 * where a real model could not — which also proves each yardstick asks at the right positions.
 */

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const TRAIN = 'abcabcabcabc aab';
const VAL = 'abcab cabca bcabcab cabca bcabc abcab cabcab cabc';
const vocab = CharVocabulary.train(TRAIN, { specialTokens: ['pad', 'mask'], sentinels: 3 });
const V = vocab.size;
const text = { train: TRAIN, val: VAL, documents: [], firstValDocument: -1 };

/** logits [n, t, V] with `big` at the id `pick(row, position)` (undefined: all equal) */
function logitsOf(n: number, t: number, pick: (row: number, position: number) => number | undefined, big = 30): tf.Tensor3D {
  const data = new Float32Array(n * t * V);
  for (let r = 0; r < n; r++) for (let j = 0; j < t; j++) {
    const id = pick(r, j);
    if (id !== undefined) data[(r * t + j) * V + id] = big;
  }
  return tf.tensor3d(data, [n, t, V]);
}

function oneInput(run: (ids: number[][]) => tf.Tensor, contextLength = 64): ForwardModel {
  return { vocabulary: vocab, contextLength, run: (ids) => run(ids.arraySync() as number[][]), inputs: [{ key: 'b.ids', contextLength, role: 'token-ids' }] };
}

const causal = (run: (ids: number[][]) => tf.Tensor): TextModel => ({ kind: 'causal', vocabulary: vocab, logits: oneInput(run), text });

describe('generation yardstick', () => {
  const o = { items: 20, context: 8, continuation: 4 };

  it('gives log2(V) bits per character for a model that finds every token equally likely', async () => {
    const m = await generationYardstick(causal((ids) => tf.zeros([ids.length, ids[0]!.length, V])), o);
    expect(m.value).toBeCloseTo(Math.log2(V), 5);
    expect(m.items).toBe(20);
  });

  it('gives ~0 for an oracle that reads each next token off the input: the positions scored are the right ones', async () => {
    const m = await generationYardstick(causal((ids) => logitsOf(ids.length, ids[0]!.length, (r, j) => ids[r]![j + 1])), o);
    expect(m.value).toBeLessThan(1e-6);
  });

  it("scores an encoder-decoder's continuation after the sentinel: an oracle reading the decoder input misses only the last character", async () => {
    // targets are <extra_id_0> c1 c2 c3 c4; decoder inputs [PAD] <extra_id_0> c1 c2 c3: the oracle
    // knows c1..c3 (the next decoder input) and sees nothing for c4: log2(V) bits over 4 characters
    const logits: ForwardModel = {
      vocabulary: vocab,
      contextLength: 16,
      run: () => {
        throw new Error('two inputs');
      },
      inputs: [
        { key: 'm.inputs', contextLength: 16, role: 'token-ids' },
        { key: 'm.decoderInputs', contextLength: 8, role: 'token-ids' },
      ],
      runWith: (feeds) => {
        const dec = feeds['m.decoderInputs']!.arraySync() as number[][];
        return logitsOf(dec.length, dec[0]!.length, (r, j) => dec[r]![j + 1]);
      },
    };
    const m = await generationYardstick({ kind: 'encoder-decoder', vocabulary: vocab, logits, text, encoder: logits.inputs![0], decoder: logits.inputs![1] }, o);
    expect(m.value).toBeCloseTo(Math.log2(V) / 4, 4);
  });

  it('is n/a for a masked LM; its baseline is the training text\'s character frequencies', async () => {
    const mlm = await generationYardstick({ ...causal(() => tf.zeros([1])), kind: 'bidirectional' }, o);
    expect(mlm.value).toBeNull();
    expect(mlm.note).toMatch(/both sides/);
    const m = await generationYardstick(causal((ids) => tf.zeros([ids.length, ids[0]!.length, V])), o);
    // add-one frequencies over TRAIN (16 characters: a 6, b 5, c 4, space 1; 4 kinds + 1 unseen)
    const p = (n: number) => (n + 1) / (16 + 5);
    const continuations = textWindows(VAL, 20, 12).map((w) => w.slice(8));
    const bits = continuations.join('').split('').map((ch) => -Math.log2(p({ a: 6, b: 5, c: 4, ' ': 1 }[ch as 'a'] ?? 0)));
    expect(m.baseline).toBeCloseTo(bits.reduce((a, b) => a + b) / bits.length, 6);
  });
});

describe('infill yardstick', () => {
  const o = { items: 30, window: 12, span: 3 };

  it('scores a masked LM that names each hidden character: 1 for an oracle, the right share for a constant guess', async () => {
    const windows = textWindows(VAL, 30, 12);
    const truth = windows.map((w) => [...w].map((ch) => vocab.encode(ch)[0]!));
    let call = 0;
    const oracle: TextModel = { kind: 'bidirectional', vocabulary: vocab, text, logits: oneInput((ids) => (call++, logitsOf(ids.length, ids[0]!.length, (r, j) => truth[r]![j]))) };
    const perfect = await infillYardstick(oracle, o);
    expect(perfect.chars.value).toBe(1);
    expect(perfect.exact.value).toBe(1);
    expect(call).toBe(1); // one batch
    const a = vocab.encode('a')[0]!;
    const always: TextModel = { ...oracle, logits: oneInput((ids) => logitsOf(ids.length, ids[0]!.length, () => a)) };
    const guess = await infillYardstick(always, o);
    const spans = windows.map((w) => w.slice(4, 7));
    expect(guess.chars.value).toBeCloseTo(spans.join('').split('').filter((c) => c === 'a').length / 90, 6);
    expect(guess.exact.value).toBe(spans.filter((s) => s === 'aaa').length / 30);
    // the baselines: always the most frequent training character ('a'), and its most frequent 3-gram ('abc')
    expect(guess.chars.baseline).toBeCloseTo(guess.chars.value!, 6);
    expect(guess.exact.baseline).toBeCloseTo(spans.filter((s) => s === 'abc').length / 30, 6);
  });

  it('is n/a for a causal LM, which cannot see the right side of a gap', async () => {
    const m = await infillYardstick(causal(() => tf.zeros([1])), o);
    expect(m.chars.value).toBeNull();
    expect(m.exact.note).toMatch(/right side/);
  });
});

describe('logistic regression (the probe\'s classifier)', () => {
  it('separates two clean clusters perfectly and falls back to the majority on features that say nothing', () => {
    const rows = [...Array.from({ length: 20 }, (_, i) => Float32Array.of(1 + (i % 3) * 0.1, 0)), ...Array.from({ length: 20 }, (_, i) => Float32Array.of(-1 - (i % 3) * 0.1, 0.5))];
    const labels = [...Array(20).fill(0), ...Array(20).fill(1)];
    const fit = fitLogistic(rows, labels, 2);
    expect(fit.predict([Float32Array.of(0.8, 0), Float32Array.of(-0.9, 0.5)])).toEqual([0, 1]);
    fit.dispose();
    const same = fitLogistic(Array.from({ length: 10 }, () => Float32Array.of(1, 1)), [0, 0, 0, 0, 0, 0, 0, 1, 1, 1], 2);
    expect(same.predict([Float32Array.of(1, 1)])).toEqual([0]);
    same.dispose();
  });
});
