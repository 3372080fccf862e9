import { hostFloat, hostInt, type HostTensor } from '../../engine/core/host-tensor.js';
import type { Rng } from '../../engine/core/rng.js';
import type { Vocabulary } from '../../engine/core/vocabulary.js';

/** The ports an encoder-decoder reads in training: infill finds the model's inputs by them. */
export const SPAN_CORRUPTION_PORTS = { inputs: 'inputs', decoderInputs: 'decoderInputs' } as const;

export interface SpanSettings {
  noiseDensity: number;
  meanSpanLength: number;
  /** 0: exactly what a block needs; larger pads with [PAD] */
  inputLength: number;
  targetLength: number;
  /** weight of the sentinel target tokens: 1 as in T5; 0 trains and scores only the span tokens */
  sentinelWeight: number;
  /** the fraction of blocks whose first span is centred rather than rolled to a random place */
  centredSpans: number;
}

/**
 * The fixed span layout of a block of T tokens, as T5's `random_spans_noise_mask` computes it,
 * with room for its random roll: rolling can split the last noise span over the block's end, so
 * a block may hold one span more than `spans` (the unused slots are [PAD]).
 */
export interface SpanLayout {
  noiseTokens: number;
  /** noise spans before the roll; a rolled block has `spans` or `spans + 1` */
  spans: number;
  /** encoder input length: the kept tokens plus one sentinel per span, the split one included */
  inputLength: number;
  /** target length: the noise tokens, one sentinel per span and the closing sentinel */
  targetLength: number;
  /** sentinels a tokenizer must have: one per span (the split one included) and the closing one */
  sentinels: number;
}

export function spanLayout(T: number, p: Pick<SpanSettings, 'noiseDensity' | 'meanSpanLength'>): SpanLayout {
  const noiseTokens = Math.min(Math.max(Math.round(T * p.noiseDensity), 1), T - 1);
  const spans = Math.max(Math.round(noiseTokens / p.meanSpanLength), 1);
  return { noiseTokens, spans, inputLength: T - noiseTokens + spans + 1, targetLength: noiseTokens + spans + 2, sentinels: spans + 2 };
}

/** Split `items` into `segments` positive lengths, uniformly over all such splits (T5's `_random_segmentation`). */
export function randomSegmentation(items: number, segments: number, rng: Rng): number[] {
  // choose segments-1 distinct cut points among the items-1 gaps (a partial Fisher-Yates)
  const gaps = Array.from({ length: items - 1 }, (_, i) => i + 1);
  for (let i = 0; i < segments - 1; i++) {
    const j = i + rng.int(gaps.length - i);
    [gaps[i], gaps[j]] = [gaps[j]!, gaps[i]!];
  }
  const cuts = gaps.slice(0, segments - 1).sort((a, b) => a - b);
  const lengths: number[] = [];
  let prev = 0;
  for (const c of [...cuts, items]) {
    lengths.push(c - prev);
    prev = c;
  }
  return lengths;
}

/**
 * A noise mask for one block: kept span, noise span, kept, noise, ... as in T5, then rolled by a
 * random offset (T5's `random_roll`). Unrolled, the block always ends on noise and starts with
 * kept text, so a short block would only ever hide its end; rolled, every position is hidden
 * equally often, and a span may wrap from the end to the start (two spans in the corrupted block).
 * With `centredSpans` f > 0, a fraction f of blocks is rolled so that the first span sits in the
 * middle of the block instead (see the node's docs for why).
 */
export function noiseMask(T: number, p: Pick<SpanSettings, 'noiseDensity' | 'meanSpanLength'> & { centredSpans?: number }, rng: Rng): Uint8Array {
  const l = spanLayout(T, p);
  const noise = randomSegmentation(l.noiseTokens, l.spans, rng);
  const kept = randomSegmentation(T - l.noiseTokens, l.spans, rng);
  const unrolled = new Uint8Array(T);
  let at = 0;
  for (let s = 0; s < l.spans; s++) {
    at += kept[s]!;
    unrolled.fill(1, at, at + noise[s]!);
    at += noise[s]!;
  }
  // the extra draw only when asked for, so f = 0 keeps the random stream (and every batch) of before
  const centred = (p.centredSpans ?? 0) > 0 && rng.next() < p.centredSpans!;
  const offset = centred ? (Math.floor((T - noise[0]!) / 2) - kept[0]! + T) % T : rng.int(T);
  const mask = new Uint8Array(T);
  mask.set(unrolled.subarray(T - offset), 0);
  mask.set(unrolled.subarray(0, T - offset), offset);
  return mask;
}

/**
 * Corrupt one block given its noise mask. inputs: the block with each noise span replaced by
 * the next sentinel; targets: each sentinel followed by the span it replaced, then one closing
 * sentinel; decoder inputs: targets shifted right, starting with [PAD]; weights 1 on every real
 * target token (sentinels included, as in T5), 0 on padding. Writes into the given rows.
 */
export function corruptBlock(
  block: ArrayLike<number>,
  mask: ArrayLike<number>,
  sentinels: readonly number[],
  pad: number,
  out: { inputs: Int32Array; targets: Int32Array; decoderInputs: Int32Array; weights: Float32Array },
  sentinelWeight = 1,
): void {
  out.inputs.fill(pad);
  out.targets.fill(pad);
  out.decoderInputs.fill(pad);
  out.weights.fill(0);
  let i = 0;
  let t = 0;
  let span = 0;
  for (let k = 0; k < block.length; k++) {
    if (!mask[k]) {
      out.inputs[i++] = block[k]!;
      continue;
    }
    if (k === 0 || !mask[k - 1]) {
      out.inputs[i++] = sentinels[span]!;
      out.targets[t++] = sentinels[span++]!;
    }
    out.targets[t++] = block[k]!;
  }
  out.targets[t++] = sentinels[span]!;
  if (i > out.inputs.length || t > out.targets.length) throw new Error(`the corrupted block (${i} inputs, ${t} targets) does not fit ${out.inputs.length} / ${out.targets.length}`);
  out.weights.fill(1, 0, t);
  if (sentinelWeight !== 1) for (let k = 0; k < t; k++) if (sentinels.includes(out.targets[k]!)) out.weights[k] = sentinelWeight;
  out.decoderInputs.set(out.targets.subarray(0, out.targets.length - 1), 1);
}

/** T5 span corruption of every block: encoder inputs with a sentinel per span, targets listing the spans. */
export function spanCorruption(
  p: SpanSettings,
  ids: HostTensor,
  vocab: Vocabulary,
  rng: Rng,
): { inputs: HostTensor; targets: HostTensor; decoderInputs: HostTensor; weights: HostTensor } {
  const [B, T] = ids.shape as [number, number];
  const l = spanLayout(T, p);
  const S = Math.max(l.inputLength, p.inputLength);
  const L = Math.max(l.targetLength, p.targetLength);
  const x = hostInt([B, S]);
  const y = hostInt([B, L]);
  const d = hostInt([B, L]);
  const w = hostFloat([B, L]);
  const src = ids.data as Int32Array;
  for (let b = 0; b < B; b++) {
    corruptBlock(src.subarray(b * T, (b + 1) * T), noiseMask(T, p, rng), vocab.special.sentinels, vocab.special.pad!, {
      inputs: (x.data as Int32Array).subarray(b * S, (b + 1) * S),
      targets: (y.data as Int32Array).subarray(b * L, (b + 1) * L),
      decoderInputs: (d.data as Int32Array).subarray(b * L, (b + 1) * L),
      weights: (w.data as Float32Array).subarray(b * L, (b + 1) * L),
    }, p.sentinelWeight);
  }
  return { inputs: x, targets: y, decoderInputs: d, weights: w };
}
