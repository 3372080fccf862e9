import { hostFloat, hostInt, type HostTensor } from '../../engine/core/host-tensor.js';
import type { Rng } from '../../engine/core/rng.js';
import type { Vocabulary } from '../../engine/core/vocabulary.js';
import { corruptBlock, noiseMask, spanLayout } from './span-corruption.run.js';

/** The three denoisers, in the order the `branch` output numbers them. */
export const UL2_BRANCHES = ['R', 'S', 'X'] as const;
/** Each denoiser's mode token (UL2's paradigm tokens), prepended to the encoder input. */
export const UL2_MODE_TOKENS = { R: 'nlu', S: 's2s', X: 'nlg' } as const;

export interface Ul2Settings {
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

/** S's prefix lengths for a block of T: at least one token on each side. */
export function prefixRange(T: number, p: Pick<Ul2Settings, 'sMinPrefix' | 'sMaxPrefix'>): { lo: number; hi: number } {
  const lo = Math.min(T - 1, Math.max(1, Math.round(p.sMinPrefix * T)));
  const hi = Math.max(lo, Math.min(T - 1, Math.round(p.sMaxPrefix * T)));
  return { lo, hi };
}

/** Fixed encoder and decoder lengths that hold any branch's example, and the sentinels R and X need. */
export function ul2Layout(T: number, p: Ul2Settings): { inputLength: number; targetLength: number; sentinels: number } {
  const r = spanLayout(T, { noiseDensity: p.rNoiseDensity, meanSpanLength: p.rMeanSpanLength });
  const x = spanLayout(T, { noiseDensity: p.xNoiseDensity, meanSpanLength: p.xMeanSpanLength });
  const { lo, hi } = prefixRange(T, p);
  const mode = p.modeTokens ? 1 : 0;
  return {
    inputLength: mode + Math.max(r.inputLength, x.inputLength, hi),
    targetLength: Math.max(r.targetLength, x.targetLength, T - lo),
    sentinels: Math.max(r.sentinels, x.sentinels),
  };
}

/**
 * UL2's mixture of denoisers, one draw per block: R (regular span corruption), S (sequential:
 * the encoder reads a prefix, the decoder writes the rest) or X (extreme: long spans, dense
 * noise), each block's encoder input led by its mode token. All as encoder-decoder examples of
 * one fixed size, [PAD]-filled; `branch` says which denoiser made each block.
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
  const total = p.rProbability + p.sProbability + p.xProbability;
  const mode = p.modeTokens ? 1 : 0;
  for (let b = 0; b < B; b++) {
    const block = src.subarray(b * T, (b + 1) * T);
    const row = {
      inputs: (x.data as Int32Array).subarray(b * S, (b + 1) * S),
      targets: (y.data as Int32Array).subarray(b * L, (b + 1) * L),
      decoderInputs: (d.data as Int32Array).subarray(b * L, (b + 1) * L),
      weights: (w.data as Float32Array).subarray(b * L, (b + 1) * L),
    };
    const u = rng.next() * total;
    const which = u < p.rProbability ? 0 : u < p.rProbability + p.sProbability ? 1 : 2;
    branch.data[b] = which;
    if (which === 1) {
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
      const spans = which === 0 ? { noiseDensity: p.rNoiseDensity, meanSpanLength: p.rMeanSpanLength } : { noiseDensity: p.xNoiseDensity, meanSpanLength: p.xMeanSpanLength };
      row.inputs[0] = pad;
      corruptBlock(block, noiseMask(T, spans, rng), vocab.special.sentinels, pad, { ...row, inputs: row.inputs.subarray(mode) });
    }
    if (mode) row.inputs[0] = vocab.special[UL2_MODE_TOKENS[UL2_BRANCHES[which]!]]!;
  }
  return { inputs: x, targets: y, decoderInputs: d, weights: w, branch };
}
