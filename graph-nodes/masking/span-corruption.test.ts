import { describe, expect, it } from 'vitest';
import { corruptBlock, noiseMask, randomSegmentation, spanCorruptionNode, spanLayout, type SpanCorruptionParams } from './span-corruption.js';
import { hostInt } from '../../engine/core/host-tensor.js';
import { makeRng } from '../../engine/core/rng.js';
import type { Vocabulary } from '../../engine/core/vocabulary.js';
import type { BatchNode } from '../../engine/registry/define-node.js';
import type { TensorType } from '../../engine/core/tensor-type.js';

const def = spanCorruptionNode as BatchNode<SpanCorruptionParams>;

// A word-level vocabulary for the T5 paper's example: 0 = [PAD], 1..3 = <extra_id_0..2>, then words.
const WORDS = ['[PAD]', '<extra_id_0>', '<extra_id_1>', '<extra_id_2>', 'Thank', 'you', 'for', 'inviting', 'me', 'to', 'your', 'party', 'last', 'week.'];
const words: Vocabulary = {
  kind: 'test',
  size: WORDS.length,
  special: { pad: 0, sentinels: [1, 2, 3] },
  specialTokens: WORDS.slice(0, 4),
  encode: (t) => t.split(' ').map((w) => WORDS.indexOf(w)),
  decode: (ids) => ids.map((i) => WORDS[i]).join(' '),
  idToToken: (i) => WORDS[i]!,
  toJSON: () => ({}),
};

// A letter vocabulary with many sentinels for the statistics: 0 = [PAD], 1..20 sentinels, 21.. letters.
const letters: Vocabulary = { ...words, size: 60, special: { pad: 0, sentinels: Array.from({ length: 20 }, (_, i) => 1 + i) } };

const idsType = (T: number, specials?: TensorType['specials']): TensorType => ({ dtype: 'int32', shape: ['B', T], role: 'token-ids', vocab: 'V', ...(specials ? { specials } : {}) });

function run(params: Partial<SpanCorruptionParams>, ids: Int32Array, T: number, seed = 1, vocab = letters) {
  const p = def.params.parse(params);
  return def.batch({ nodeId: 's', params: p, inputs: { ids: hostInt([ids.length / T, T], ids) }, ports: { ids: { type: idsType(T), vocabulary: vocab } }, split: 'train', rng: makeRng(seed) });
}

describe('T5 span corruption', () => {
  it('gives exactly the T5 paper example for fixed spans', () => {
    const block = words.encode('Thank you for inviting me to your party last week.');
    const mask = [0, 0, 1, 1, 0, 0, 0, 0, 1, 0];
    const out = { inputs: new Int32Array(9), targets: new Int32Array(6), decoderInputs: new Int32Array(6), weights: new Float32Array(6) };
    corruptBlock(block, mask, words.special.sentinels, 0, out);
    expect(words.decode([...out.inputs])).toBe('Thank you <extra_id_0> me to your party <extra_id_1> week.');
    expect(words.decode([...out.targets])).toBe('<extra_id_0> for inviting <extra_id_1> last <extra_id_2>');
    expect(words.decode([...out.decoderInputs])).toBe('[PAD] <extra_id_0> for inviting <extra_id_1> last');
    expect([...out.weights]).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('pads inputs and targets to set lengths with [PAD] and weight 0', () => {
    const block = words.encode('Thank you for inviting me to your party last week.');
    const out = { inputs: new Int32Array(11), targets: new Int32Array(8), decoderInputs: new Int32Array(8), weights: new Float32Array(8) };
    corruptBlock(block, [0, 0, 1, 1, 0, 0, 0, 0, 1, 0], words.special.sentinels, 0, out);
    expect(words.decode([...out.inputs])).toBe('Thank you <extra_id_0> me to your party <extra_id_1> week. [PAD] [PAD]');
    expect(words.decode([...out.targets])).toBe('<extra_id_0> for inviting <extra_id_1> last <extra_id_2> [PAD] [PAD]');
    expect(words.decode([...out.decoderInputs])).toBe('[PAD] <extra_id_0> for inviting <extra_id_1> last <extra_id_2> [PAD]');
    expect([...out.weights]).toEqual([1, 1, 1, 1, 1, 1, 0, 0]);
  });

  it('weights sentinels by sentinelWeight (0: only the hidden spans count)', () => {
    const block = words.encode('Thank you for inviting me to your party last week.');
    const out = { inputs: new Int32Array(9), targets: new Int32Array(7), decoderInputs: new Int32Array(7), weights: new Float32Array(7) };
    corruptBlock(block, [0, 0, 1, 1, 0, 0, 0, 0, 1, 0], words.special.sentinels, 0, out, 0);
    expect([...out.weights]).toEqual([0, 1, 1, 0, 1, 0, 0]);
  });

  it('computes fixed lengths from the block size as T5 does', () => {
    // 64 tokens: round(9.6) = 10 noise tokens in round(10/3) = 3 spans, and room for a 4th (the roll may split one)
    expect(spanLayout(64, { noiseDensity: 0.15, meanSpanLength: 3 })).toEqual({ noiseTokens: 10, spans: 3, inputLength: 58, targetLength: 15, sentinels: 5 });
    expect(spanLayout(10, { noiseDensity: 0.01, meanSpanLength: 3 })).toMatchObject({ noiseTokens: 1, spans: 1 });
  });

  it('splits into positive segments uniformly', () => {
    const rng = makeRng(3);
    const firsts = new Array(6).fill(0);
    for (let i = 0; i < 5000; i++) {
      const seg = randomSegmentation(8, 4, rng);
      expect(seg.reduce((a, b) => a + b)).toBe(8);
      expect(Math.min(...seg)).toBeGreaterThanOrEqual(1);
      firsts[seg[0]!]++;
    }
    // compositions of 8 into 4 positive parts: C(7,3) = 35; with first part k: C(7-k, 2)
    for (let k = 1; k <= 5; k++) {
      const want = (5000 * (((7 - k) * (6 - k)) / 2)) / 35;
      expect(Math.abs(firsts[k]! - want)).toBeLessThan(4 * Math.sqrt(want) + 1);
    }
  });

  it('hides the noise density in spans of the mean length, spread over every position', () => {
    const T = 100;
    const p = { noiseDensity: 0.15, meanSpanLength: 3 };
    const rng = makeRng(11);
    const perPosition = new Array(T).fill(0);
    let noise = 0, spans = 0, rows = 4000;
    const lengths = new Map<number, number>();
    for (let r = 0; r < rows; r++) {
      const m = noiseMask(T, p, rng);
      let run = 0;
      for (let k = 0; k < T; k++) {
        perPosition[k] += m[k]!;
        noise += m[k]!;
        if (m[k]) run++;
        if (run && (!m[k] || k === T - 1)) {
          spans++;
          lengths.set(run, (lengths.get(run) ?? 0) + 1);
          run = 0;
        }
      }
    }
    expect(noise / (rows * T)).toBeCloseTo(0.15, 6);
    // a span rolled over the block's end counts as two here
    expect(noise / spans).toBeGreaterThan(2.5);
    expect(noise / spans).toBeLessThanOrEqual(3);
    // spans vary in length (not all 3)
    expect(lengths.size).toBeGreaterThan(4);
  });

  it.each([
    [24, 4],
    [64, 3],
    [100, 3],
  ])('hides every position of a %i-token block equally often (spans of %i, rolled as T5 does)', (T, meanSpanLength) => {
    const p = { noiseDensity: 0.15, meanSpanLength };
    const rng = makeRng(5);
    const rows = 6000;
    const perPosition = new Array(T).fill(0);
    for (let r = 0; r < rows; r++) noiseMask(T, p, rng).forEach((m, k) => (perPosition[k] += m));
    const rate = spanLayout(T, p).noiseTokens / T;
    // binomial spread of a count over `rows` blocks, 5 sigma
    const tolerance = 5 * Math.sqrt((rate * (1 - rate)) / rows);
    for (let k = 0; k < T; k++) expect(Math.abs(perPosition[k] / rows - rate), `position ${k}`).toBeLessThan(tolerance);
  });

  it('centredSpans f centres the span of a fraction f of the blocks, and at 0 draws exactly what it drew before', () => {
    const T = 24;
    const p = { noiseDensity: 0.15, meanSpanLength: 4 };
    const start = (m: Uint8Array) => m.findIndex((v, k) => v === 1 && (k === 0 ? m[T - 1] === 0 : m[k - 1] === 0));
    // every block: the one 4-token span at (24 - 4) / 2
    const all = makeRng(9);
    for (let r = 0; r < 200; r++) expect(Array.from(noiseMask(T, { ...p, centredSpans: 1 }, all))).toEqual([...new Array(10).fill(0), 1, 1, 1, 1, ...new Array(10).fill(0)]);
    // half of them: about half centred (the random half lands there 1 time in 24 too)
    const half = makeRng(10);
    let centred = 0;
    const rows = 4000;
    for (let r = 0; r < rows; r++) if (start(noiseMask(T, { ...p, centredSpans: 0.5 }, half)) === 10) centred++;
    const expected = 0.5 + 0.5 / T;
    expect(Math.abs(centred / rows - expected)).toBeLessThan(5 * Math.sqrt((expected * (1 - expected)) / rows));
    // 0: the same random stream as without the setting, so earlier runs and exports are unchanged
    const a = makeRng(11);
    const b = makeRng(11);
    for (let r = 0; r < 50; r++) expect(noiseMask(T, { ...p, centredSpans: 0 }, a)).toEqual(noiseMask(T, p, b));
  });

  it('batches: every target token comes back in order, inputs keep the rest, reproducible from the seed', () => {
    const T = 40;
    const N = T * 50;
    const ids = Int32Array.from({ length: N }, (_, i) => 21 + ((i * 7) % 39));
    const out = run({}, ids, T, 5);
    const l = spanLayout(T, def.params.parse({}));
    expect(out.inputs!.shape).toEqual([50, l.inputLength]);
    expect(out.targets!.shape).toEqual([50, l.targetLength]);
    const sentinel = (v: number) => v >= 1 && v <= 20;
    const spanCounts = new Set<number>();
    for (let b = 0; b < 50; b++) {
      const block = [...ids.subarray(b * T, (b + 1) * T)];
      const x = [...out.inputs!.data.subarray(b * l.inputLength, (b + 1) * l.inputLength)];
      const y = [...out.targets!.data.subarray(b * l.targetLength, (b + 1) * l.targetLength)];
      const w = [...out.weights!.data.subarray(b * l.targetLength, (b + 1) * l.targetLength)];
      // [PAD] (0) only fills the ends, with weight 0
      const real = y.indexOf(0) < 0 ? y.length : y.indexOf(0);
      expect(y.slice(real).every((v) => v === 0)).toBe(true);
      expect(w).toEqual(y.map((_, k) => (k < real ? 1 : 0)));
      // rebuild the block from inputs + targets
      const spans: number[][] = [];
      for (const v of y.slice(0, real)) if (sentinel(v)) spans.push([]); else spans[spans.length - 1]!.push(v);
      expect(spans.pop()).toEqual([]);
      const rebuilt = x.filter((v) => v !== 0).flatMap((v) => (sentinel(v) ? spans[v - 1]! : [v]));
      expect(rebuilt).toEqual(block);
      // spans before the roll, or one more when the roll split one over the block's end
      const used = x.filter(sentinel);
      expect(used).toEqual(Array.from({ length: used.length }, (_, i) => i + 1));
      expect([l.spans, l.spans + 1]).toContain(used.length);
      spanCounts.add(used.length);
      const d = [...out.decoderInputs!.data.subarray(b * l.targetLength, (b + 1) * l.targetLength)];
      expect(d).toEqual([0, ...y.slice(0, -1)]);
    }
    expect(spanCounts.size).toBe(2);
    expect([...run({}, ids, T, 7).inputs!.data]).toEqual([...run({}, ids, T, 7).inputs!.data]);
    expect([...run({}, ids, T, 7).inputs!.data]).not.toEqual([...run({}, ids, T, 8).inputs!.data]);
  });

  it('infers the fixed lengths and checks the tokenizer for [PAD] and enough sentinels, naming what to change', () => {
    const dims = (T: number) => new Map<string, number | string>([['B', 'B'], ['T', T], ['V', 'V']]);
    const ok = def.infer!({ params: def.params.parse({}), inputs: { ids: idsType(64, { names: ['pad'], sentinels: 5 }) }, dims: dims(64) })!;
    expect(ok.issues).toEqual([]);
    expect(ok.outputs!.inputs!.shape).toEqual(['B', 58]);
    expect(ok.outputs!.targets!.shape).toEqual(['B', 15]);
    expect(ok.outputs!.decoderInputs!.shape).toEqual(['B', 15]);
    const few = def.infer!({ params: def.params.parse({}), inputs: { ids: idsType(64, { names: ['mask'], sentinels: 3 }) }, dims: dims(64) })!;
    expect(few.issues!.map((i) => i.message).join('\n')).toMatch(/\[PAD\].*"pad"[\s\S]*needs 5 sentinels.*has 3.*"sentinels" to at least 5/);
    const short = def.infer!({ params: def.params.parse({ targetLength: 10 }), inputs: {}, dims: dims(64) })!;
    expect(short.issues).toEqual([expect.objectContaining({ param: 'targetLength', message: expect.stringMatching(/at least 15/) })]);
    const padded = def.infer!({ params: def.params.parse({ inputLength: 60, targetLength: 16 }), inputs: {}, dims: dims(64) })!;
    expect(padded.outputs!.inputs!.shape).toEqual(['B', 60]);
    expect(padded.outputs!.targets!.shape).toEqual(['B', 16]);
    const dense = def.infer!({ params: def.params.parse({ noiseDensity: 0.9, meanSpanLength: 1 }), inputs: {}, dims: dims(10) })!;
    expect(dense.issues![0]).toMatchObject({ param: 'noiseDensity' });
  });

  it('refuses at compile time a vocabulary without [PAD] or with too few sentinels', () => {
    const p = def.params.parse({});
    const port = (v: Vocabulary) => ({ ids: { type: idsType(64), vocabulary: v } });
    expect(() => def.prepare!({ nodeId: 's', params: p, ports: port({ ...letters, special: { sentinels: letters.special.sentinels } }) })).toThrow(/\[PAD\]/);
    expect(() => def.prepare!({ nodeId: 's', params: p, ports: port({ ...letters, special: { pad: 0, sentinels: [1, 2] } }) })).toThrow(/at least 5/);
    expect(() => def.prepare!({ nodeId: 's', params: p, ports: port(letters) })).not.toThrow();
  });
});
