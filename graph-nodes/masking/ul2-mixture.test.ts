import { describe, expect, it } from 'vitest';
import { hostInt } from '../../engine/core/host-tensor.js';
import { makeRng } from '../../engine/core/rng.js';
import type { Vocabulary } from '../../engine/core/vocabulary.js';
import type { TensorType } from '../../engine/core/tensor-type.js';
import type { BatchNode, InferContext } from '../../engine/registry/define-node.js';
import { ul2MixtureNode, type Ul2Params } from './ul2-mixture.js';
import { ul2Layout } from './ul2-mixture.run.js';
import { parseParams } from '../../engine/analysis/params.js';

const def = ul2MixtureNode as BatchNode<Ul2Params>;

// 0 = [PAD], 1 = [NLU], 2 = [S2S], 3 = [NLG], 4..13 = sentinels, 14.. = letters
const SENTINELS = Array.from({ length: 10 }, (_, i) => 4 + i);
const vocab: Vocabulary = {
  kind: 'test',
  size: 60,
  special: { pad: 0, nlu: 1, s2s: 2, nlg: 3, sentinels: SENTINELS },
  specialTokens: [],
  encode: () => [],
  decode: () => '',
  idToToken: (i) => String(i),
  toJSON: () => ({}),
};
const T = 32;
const B = 64;
const blocks = Int32Array.from({ length: B * T }, (_, i) => 14 + ((i * 7) % 40));

function run(params: Partial<Ul2Params>, seed = 3) {
  const p = def.params.parse(params);
  const ids = hostInt([B, T], blocks);
  return { p, out: def.batch({ nodeId: 'u', params: p, inputs: { ids }, ports: { ids: { type: { dtype: 'int32', shape: ['B', T], role: 'token-ids', vocab: 'V' }, vocabulary: vocab } }, split: 'train', rng: makeRng(seed) }) };
}

/** Undo an example: the block it was made from, whatever the denoiser. */
function reconstruct(branch: number, inputs: number[], targets: number[], weights: number[]): number[] {
  const body = inputs.slice(1).filter((t) => t !== 0);
  const written = targets.filter((_, i) => weights[i]! > 0);
  if (branch === 1) return [...body, ...written];
  const spans = new Map<number, number[]>();
  let current: number[] = [];
  for (const t of written) {
    if (SENTINELS.includes(t)) spans.set(t, (current = []));
    else current.push(t);
  }
  return body.flatMap((t) => (SENTINELS.includes(t) ? spans.get(t)! : [t]));
}

describe('UL2 mixture of denoisers', () => {
  it('makes R, S and X examples that each give back their block, led by their mode token', () => {
    const { p, out } = run({});
    const { inputLength: S, targetLength: L } = ul2Layout(T, p);
    expect(out.inputs!.shape).toEqual([B, S]);
    expect(out.targets!.shape).toEqual([B, L]);
    const branch = [...out.branch!.data];
    // with 64 blocks and probabilities 0.4 / 0.2 / 0.4 every denoiser shows up
    expect(new Set(branch)).toEqual(new Set([0, 1, 2]));
    for (let b = 0; b < B; b++) {
      const inputs = [...out.inputs!.data.subarray(b * S, (b + 1) * S)];
      const targets = [...out.targets!.data.subarray(b * L, (b + 1) * L)];
      const dec = [...out.decoderInputs!.data.subarray(b * L, (b + 1) * L)];
      const weights = [...out.weights!.data.subarray(b * L, (b + 1) * L)];
      expect(inputs[0]).toBe([1, 2, 3][branch[b]!]);
      expect(reconstruct(branch[b]!, inputs, targets, weights)).toEqual([...blocks.subarray(b * T, (b + 1) * T)]);
      // teacher forcing: the decoder reads the targets one step late, after [PAD]
      expect(dec).toEqual([0, ...targets.slice(0, L - 1)]);
      const n = weights.filter((w) => w > 0).length;
      if (branch[b] === 1) expect(T - n).toBeGreaterThanOrEqual(Math.round(0.25 * T)); // the prefix is at least a quarter
      else expect(targets[n - 1]).toSatisfy((t: number) => SENTINELS.includes(t)); // closed by a sentinel
    }
  });

  it('hides more in X than in R, and draws each denoiser at its rate', () => {
    const { out } = run({ mixture: 'three', rProbability: 0.5, sProbability: 0, xProbability: 0.5 }, 11);
    const { p } = run({ mixture: 'three' });
    const L = ul2Layout(T, p).targetLength;
    const written = { 0: [] as number[], 2: [] as number[] };
    out.branch!.data.forEach((br, b) => written[br as 0 | 2].push([...out.weights!.data.subarray(b * L, (b + 1) * L)].filter((w) => w > 0).length));
    expect(written[0].length + written[2].length).toBe(B);
    const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
    expect(mean(written[2])).toBeGreaterThan(2 * mean(written[0]));
    const only = run({ mixture: 'three', rProbability: 0, sProbability: 1, xProbability: 0 }).out;
    expect([...only.branch!.data].every((x) => x === 1)).toBe(true);
  });

  it('asks for the special tokens it needs, by name, before any data is read', () => {
    const p = def.params.parse({ mixture: 'three' });
    const ctx = (names: string[], sentinels: number): InferContext<Ul2Params> => ({
      params: p,
      inputs: { ids: { dtype: 'int32', shape: ['B', 64], role: 'token-ids', vocab: 'V', specials: { names, sentinels } } as TensorType },
      dims: new Map<string, string | number>([['B', 'B'], ['T', 64], ['V', 'V']]),
    });
    expect(def.infer!(ctx(['pad', 'nlu', 's2s', 'nlg'], 8))?.issues).toEqual([]);
    expect(def.infer!(ctx(['pad'], 8))?.issues?.[0]?.message).toMatch(/\[NLU\], \[S2S\] and \[NLG\]/);
    expect(def.infer!(ctx(['pad', 'nlu', 's2s', 'nlg'], 2))?.issues?.[0]?.message).toMatch(/needs 6 sentinels/);
    expect(def.params.safeParse({ mixture: 'three', rProbability: 0, sProbability: 0, xProbability: 0 }).success).toBe(false);
  });

  it("'seven' draws the paper's seven denoisers, each equally often", () => {
    // On 64-token blocks each denoiser leaves its own mark: how many tokens it hides, in how many
    // spans (one more when the roll splits a span over the block's end).
    //   R: 15% = 10 tokens in 3 spans (mean 3) or 1 (mean 8); S: a prefix;
    //   X: 50% = 32 tokens in 11 spans (mean 3), 4 (mean 8) or 1 (mean 64); 15% = 10 tokens in 1 span (mean 64)
    const T = 64;
    const Bn = 7000;
    const p = def.params.parse({ mixture: 'seven' });
    const ids = hostInt([Bn, T], Int32Array.from({ length: Bn * T }, (_, i) => 14 + (i % 40)));
    const SENT = 60;
    const vocab64 = { ...vocab, size: SENT + 20, special: { ...vocab.special, sentinels: Array.from({ length: 20 }, (_, i) => SENT + i) } };
    const out = def.batch({ nodeId: 'u', params: p, inputs: { ids }, ports: { ids: { type: { dtype: 'int32', shape: ['B', T], role: 'token-ids', vocab: 'V' }, vocabulary: vocab64 } }, split: 'train', rng: makeRng(5) });
    const L = ul2Layout(T, p).targetLength;
    const counts = new Map<string, number>();
    for (let b = 0; b < Bn; b++) {
      const br = out.branch!.data[b]!;
      const targets = [...out.targets!.data.subarray(b * L, (b + 1) * L)].filter((_, i) => out.weights!.data[b * L + i]! > 0);
      let key = 'S';
      if (br !== 1) {
        const hidden = targets.filter((t) => t < SENT).length;
        const spans = targets.filter((t) => t >= SENT).length - 1; // the closing sentinel opens no span
        const mean = { 1: 'long', 2: 'long', 3: 'short', 4: hidden === 32 ? 'mid' : 'short', 5: 'mid', 11: 'short', 12: 'short' }[spans];
        key = `${'RSX'[br]} ${hidden} ${mean}`;
      }
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['R 10 long', 'R 10 short', 'S', 'X 10 long', 'X 32 long', 'X 32 mid', 'X 32 short']);
    for (const [key, n] of counts) expect(Math.abs(n / Bn - 1 / 7), key).toBeLessThan(0.02);
  });

  it('reads graphs saved before the seven-denoiser mixture as the three-denoiser one they trained', () => {
    const r = parseParams(def, { rProbability: 0.5, sProbability: 0.5, xProbability: 0 }, 1);
    expect(r.ok && (r.params as Ul2Params).mixture).toBe('three');
    const now = parseParams(def, {}, 2);
    expect(now.ok && (now.params as Ul2Params).mixture).toBe('seven');
  });
});
