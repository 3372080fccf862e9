import { hostFloat, hostInt, type HostTensor } from '../../engine/core/host-tensor.js';
import type { Rng } from '../../engine/core/rng.js';
import type { Vocabulary } from '../../engine/core/vocabulary.js';
import { corruptBlock, noiseMask, spanLayout } from './span-corruption.run.js';

/** The three paradigms, in the order the `branch` output numbers them. */
export const UL2_BRANCHES = ['R', 'S', 'X'] as const;
/** Each paradigm's mode token (UL2's paradigm tokens), prepended to the encoder input. */
export const UL2_MODE_TOKENS = { R: 'nlu', S: 's2s', X: 'nlg' } as const;

/** One denoiser: R or X span corruption at a noise density and mean span length, or S (prefix LM). */
export type Denoiser = { paradigm: 'R' | 'X'; noiseDensity: number; meanSpanLength: number; weight: number } | { paradigm: 'S'; weight: number };

/**
 * UL2's mixture as the paper lists it (Tay et al. 2022, Table 1): R with spans of 3 and 8 at 15%
 * noise; S; X with spans of 3 and 8 at 50% noise and of 64 at 15% and 50%. Drawn equally often.
 */
export const UL2_PAPER_DENOISERS: readonly Denoiser[] = [
  { paradigm: 'R', noiseDensity: 0.15, meanSpanLength: 3, weight: 1 },
  { paradigm: 'R', noiseDensity: 0.15, meanSpanLength: 8, weight: 1 },
  { paradigm: 'S', weight: 1 },
  { paradigm: 'X', noiseDensity: 0.5, meanSpanLength: 3, weight: 1 },
  { paradigm: 'X', noiseDensity: 0.5, meanSpanLength: 8, weight: 1 },
  { paradigm: 'X', noiseDensity: 0.15, meanSpanLength: 64, weight: 1 },
  { paradigm: 'X', noiseDensity: 0.5, meanSpanLength: 64, weight: 1 },
];

export interface Ul2Settings {
  /** 'seven': the paper's denoisers; 'three': one R, one S and one X set by the fields below */
  mixture: 'seven' | 'three';
  rProbability: number;
  sProbability: number;
  xProbability: number;
  rNoiseDensity: number;
  rMeanSpanLength: number;
  xNoiseDensity: number;
  xMeanSpanLength: number;
  /** S: the prefix is this share of the block at least ... */
  sMinPrefix: number;
  /** ... and at most */
  sMaxPrefix: number;
  modeTokens: boolean;
}

/** The denoisers a setting draws from, with their weights. */
export function denoisersOf(p: Ul2Settings): readonly Denoiser[] {
  if (p.mixture === 'seven') return UL2_PAPER_DENOISERS;
  return [
    { paradigm: 'R', noiseDensity: p.rNoiseDensity, meanSpanLength: p.rMeanSpanLength, weight: p.rProbability },
    { paradigm: 'S', weight: p.sProbability },
    { paradigm: 'X', noiseDensity: p.xNoiseDensity, meanSpanLength: p.xMeanSpanLength, weight: p.xProbability },
  ];
}

/** S's prefix lengths for a block of T: at least one token on each side. */
export function prefixRange(T: number, p: Pick<Ul2Settings, 'sMinPrefix' | 'sMaxPrefix'>): { lo: number; hi: number } {
  const lo = Math.min(T - 1, Math.max(1, Math.round(p.sMinPrefix * T)));
  const hi = Math.max(lo, Math.min(T - 1, Math.round(p.sMaxPrefix * T)));
  return { lo, hi };
}

/** Fixed encoder and decoder lengths that hold any denoiser's example, and the sentinels the span denoisers need. */
export function ul2Layout(T: number, p: Ul2Settings): { inputLength: number; targetLength: number; sentinels: number } {
  const { lo, hi } = prefixRange(T, p);
  let inputLength = hi;
  let targetLength = T - lo;
  let sentinels = 0;
  for (const d of denoisersOf(p)) {
    if (d.paradigm === 'S' || d.weight <= 0) continue;
    const l = spanLayout(T, d);
    inputLength = Math.max(inputLength, l.inputLength);
    targetLength = Math.max(targetLength, l.targetLength);
    sentinels = Math.max(sentinels, l.sentinels);
  }
  return { inputLength: (p.modeTokens ? 1 : 0) + inputLength, targetLength, sentinels };
}

/** The denoiser a draw u in [0, total weight) lands on. */
function draw(denoisers: readonly Denoiser[], u: number): Denoiser {
  let last = denoisers[0]!;
  for (const d of denoisers) {
    if (d.weight <= 0) continue;
    last = d;
    if ((u -= d.weight) < 0) return d;
  }
  return last; // only rounding gets here
}

/**
 * UL2's mixture of denoisers, one draw per block: R (regular span corruption), S (sequential:
 * the encoder reads a prefix, the decoder writes the rest) or X (extreme: long spans or dense
 * noise), each block's encoder input led by its paradigm's mode token. All as encoder-decoder
 * examples of one fixed size, [PAD]-filled; `branch` says which paradigm made each block.
 */
export function ul2Mixture(
  p: Ul2Settings,
  ids: HostTensor,
  vocab: Vocabulary,
  rng: Rng,
): { inputs: HostTensor; targets: HostTensor; decoderInputs: HostTensor; weights: HostTensor; branch: HostTensor } {
  const [B, T] = ids.shape as [number, number];
  const { inputLength: S, targetLength: L } = ul2Layout(T, p);
  const pad = vocab.special.pad!;
  const x = hostInt([B, S]);
  const y = hostInt([B, L]);
  const d = hostInt([B, L]);
  const w = hostFloat([B, L]);
  const branch = hostInt([B]);
  const src = ids.data as Int32Array;
  const denoisers = denoisersOf(p);
  const total = denoisers.reduce((a, dn) => a + dn.weight, 0);
  const mode = p.modeTokens ? 1 : 0;
  for (let b = 0; b < B; b++) {
    const block = src.subarray(b * T, (b + 1) * T);
    const row = {
      inputs: (x.data as Int32Array).subarray(b * S, (b + 1) * S),
      targets: (y.data as Int32Array).subarray(b * L, (b + 1) * L),
      decoderInputs: (d.data as Int32Array).subarray(b * L, (b + 1) * L),
      weights: (w.data as Float32Array).subarray(b * L, (b + 1) * L),
    };
    const denoiser = draw(denoisers, rng.next() * total);
    branch.data[b] = UL2_BRANCHES.indexOf(denoiser.paradigm);
    if (denoiser.paradigm === 'S') {
      const { lo, hi } = prefixRange(T, p);
      const prefix = lo + rng.int(hi - lo + 1);
      row.inputs.fill(pad);
      row.targets.fill(pad);
      row.decoderInputs.fill(pad);
      row.weights.fill(0);
      row.inputs.set(block.subarray(0, prefix), mode);
      row.targets.set(block.subarray(prefix));
      row.decoderInputs.set(row.targets.subarray(0, L - 1), 1);
      row.weights.fill(1, 0, T - prefix);
    } else {
      row.inputs[0] = pad;
      corruptBlock(block, noiseMask(T, denoiser, rng), vocab.special.sentinels, pad, { ...row, inputs: row.inputs.subarray(mode) });
    }
    if (mode) row.inputs[0] = vocab.special[UL2_MODE_TOKENS[denoiser.paradigm]]!;
  }
  return { inputs: x, targets: y, decoderInputs: d, weights: w, branch };
}
