import * as tf from '@tensorflow/tfjs';
import { dropout, gelu } from './activations.js';
import { attentionTimeMajor, causalMask, combineMasks, fromTimeMajor, keyPaddingMask, relativePositionBias, selfAttentionMask, toTimeMajor, type AttentionWeights } from './attention.js';
import type { DecodeState } from './decode-cache.js';
import { linear } from './matmul.js';
import { layerNorm } from './norm.js';

/** How a parameter starts: the same shape as the engine's initializers. */
export type ParamInit = { kind: 'normal'; std: number } | { kind: 'zeros' } | { kind: 'ones' } | { kind: 'values'; values: readonly number[] };

export interface ParamSpec {
  name: string;
  shape: number[];
  init: ParamInit;
}

export interface NormWeights {
  gamma: tf.Tensor1D;
  beta: tf.Tensor1D;
}

export interface BlockWeights {
  ln1: NormWeights;
  attn: AttentionWeights;
  /** cross-attention over a memory (decoder of an encoder-decoder) */
  lnCross?: NormWeights;
  cross?: AttentionWeights;
  ln2: NormWeights;
  w1: tf.Tensor2D;
  b1: tf.Tensor1D;
  w2: tf.Tensor2D;
  b2: tf.Tensor1D;
}

export interface StackWeights {
  blocks: BlockWeights[];
  /** [(2K+1) * heads] self-attention biases by clipped query-key distance, shared by every block */
  relativeBias?: tf.Tensor1D;
  lnFinal: NormWeights;
}

export interface StackOptions {
  heads: number;
  causal: boolean;
  dropout: number;
  training: boolean;
  /** dropout seed for this step */
  seed: number;
  /** [B, S, D] to cross-attend to; needs blocks built with cross-attention */
  memory?: tf.Tensor3D;
  /**
   * Prefix lengths [B] (int32) for a causal stack: example b's first prefix[b] positions attend
   * to each other both ways, the rest causally (a prefix LM). Absent or empty: plain causal.
   */
  prefix?: tf.Tensor;
  /**
   * The token ids [B, T] the stack's input embeds: self-attention reads no key whose id is
   * `padding.pad`. For a bidirectional stack over [PAD]-filled sequences (a causal stack never
   * reads the pads that trail its real tokens).
   */
  padding?: { ids: tf.Tensor; pad: number };
  /** The same for the memory [B, S]: cross-attention reads none of its [PAD] positions. */
  memoryPadding?: { ids: tf.Tensor; pad: number };
  /**
   * Decoding on from earlier calls (a causal stack without memory): x holds only the new
   * positions, from `cache.offset` on; each block's self-attention keys and values are kept.
   */
  cache?: DecodeState;
}

/** The sizes that fix a stack's parameters. */
export interface StackShape {
  width: number;
  layers: number;
  /** width of each block's MLP */
  ffn: number;
  heads: number;
  /** cross-attention to a memory in every block (an encoder-decoder's decoder) */
  cross: boolean;
  /** K > 0: a learnt bias per head for each query-key distance -K..K (farther pairs clip); 0: none */
  relativePositions: number;
  /** s >= 0: the relative biases start at -s * |distance| in every head (0: at zero) */
  relativeLocality?: number;
}

/**
 * The relative-position table [(2K+1) * heads] (distance-major, as relativePositionBias reads it)
 * at -s * |distance|: every head starts out attending mostly near its query, as a convolution
 * would, and learns from there.
 */
export function localityBias(maxDistance: number, heads: number, s: number): number[] {
  return Array.from({ length: (2 * maxDistance + 1) * heads }, (_, i) => -s * Math.abs(Math.floor(i / heads) - maxDistance));
}

/**
 * Parameters of a pre-LN transformer stack, GPT-2 style init: N(0, 0.02) weights, the two
 * projections that write into the residual stream scaled by 1/sqrt(2 layers) so its variance
 * does not grow with depth; zero biases, unit LayerNorm gains; relative-position biases start at
 * zero (no preference until the data gives one) or, with `relativeLocality`, favouring near keys.
 */
export function stackParamSpecs({ width: d, layers, ffn, heads, cross, relativePositions, relativeLocality = 0 }: StackShape): ParamSpec[] {
  const w = (std: number): ParamInit => ({ kind: 'normal', std });
  const resid = 0.02 / Math.sqrt(2 * layers);
  const norm = (name: string): ParamSpec[] => [
    { name: `${name}.gamma`, shape: [d], init: { kind: 'ones' } },
    { name: `${name}.beta`, shape: [d], init: { kind: 'zeros' } },
  ];
  const attn = (name: string): ParamSpec[] =>
    ['q', 'k', 'v', 'o'].flatMap((p) => [
      { name: `${name}.w${p}`, shape: [d, d], init: w(p === 'o' ? resid : 0.02) },
      { name: `${name}.b${p}`, shape: [d], init: { kind: 'zeros' } as ParamInit },
    ]);
  const specs: ParamSpec[] = [];
  for (let i = 0; i < layers; i++) {
    const p = `block${i}`;
    specs.push(...norm(`${p}.ln1`), ...attn(`${p}.attn`));
    if (cross) specs.push(...norm(`${p}.lnCross`), ...attn(`${p}.cross`));
    specs.push(
      ...norm(`${p}.ln2`),
      { name: `${p}.mlp.w1`, shape: [d, ffn], init: w(0.02) },
      { name: `${p}.mlp.b1`, shape: [ffn], init: { kind: 'zeros' } },
      { name: `${p}.mlp.w2`, shape: [ffn, d], init: w(resid) },
      { name: `${p}.mlp.b2`, shape: [d], init: { kind: 'zeros' } },
    );
  }
  specs.push(...norm('lnFinal'));
  // flat, like the other biases, so weight decay (which skips rank-1 tensors) leaves it alone
  if (relativePositions > 0) {
    const init: ParamInit = relativeLocality > 0 ? { kind: 'values', values: localityBias(relativePositions, heads, relativeLocality) } : { kind: 'zeros' };
    specs.push({ name: 'relativeBias', shape: [(2 * relativePositions + 1) * heads], init });
  }
  return specs;
}

/** Assemble the weights named by stackParamSpecs from a name -> tensor lookup. */
export function stackWeights(get: (name: string) => tf.Tensor, { layers, cross, relativePositions }: StackShape): StackWeights {
  const norm = (n: string): NormWeights => ({ gamma: get(`${n}.gamma`) as tf.Tensor1D, beta: get(`${n}.beta`) as tf.Tensor1D });
  const attn = (n: string): AttentionWeights => {
    const out: Record<string, tf.Tensor> = {};
    for (const p of ['q', 'k', 'v', 'o']) {
      out[`w${p}`] = get(`${n}.w${p}`);
      out[`b${p}`] = get(`${n}.b${p}`);
    }
    return out as unknown as AttentionWeights;
  };
  const blocks = Array.from({ length: layers }, (_, i): BlockWeights => {
    const p = `block${i}`;
    return {
      ln1: norm(`${p}.ln1`),
      attn: attn(`${p}.attn`),
      ...(cross ? { lnCross: norm(`${p}.lnCross`), cross: attn(`${p}.cross`) } : {}),
      ln2: norm(`${p}.ln2`),
      w1: get(`${p}.mlp.w1`) as tf.Tensor2D,
      b1: get(`${p}.mlp.b1`) as tf.Tensor1D,
      w2: get(`${p}.mlp.w2`) as tf.Tensor2D,
      b2: get(`${p}.mlp.b2`) as tf.Tensor1D,
    };
  });
  return { blocks, lnFinal: norm('lnFinal'), ...(relativePositions > 0 ? { relativeBias: get('relativeBias') as tf.Tensor1D } : {}) };
}

/**
 * A pre-LN transformer stack: per block x += attn(ln1(x)); [x += cross(lnCross(x), memory)];
 * x += mlp(ln2(x)); then a final LayerNorm. x [B, T, D] -> [B, T, D]. Runs time-major inside
 * (see attention.ts), so the only layout changes are one transpose in and one out.
 */
export function transformerStack(x: tf.Tensor3D, w: StackWeights, opts: StackOptions): tf.Tensor3D {
  const [batch, t] = x.shape;
  const s = opts.memory ? opts.memory.shape[1] : t;
  if (opts.prefix && opts.prefix.size > 0 && opts.prefix.size !== batch) {
    throw new Error(`got prefix lengths for ${opts.prefix.size} examples, but the batch has ${batch}`);
  }
  const cache = opts.cache;
  if (cache && (!opts.causal || opts.memory || opts.padding || (opts.prefix && opts.prefix.size > 0))) throw new Error('only a causal stack without memory, padding or prefix decodes from a cache');
  // the keys self-attention sees: the cached ones, then the new ones
  const offset = cache?.offset ?? 0;
  const keys = offset + t;
  const padded = (p?: { ids: tf.Tensor; pad: number }) => (p ? keyPaddingMask(p.ids, p.pad, opts.heads) : null);
  const mask = cache ? causalMask(t, offset) : combineMasks(opts.causal ? selfAttentionMask(t, opts.heads, opts.prefix) : null, padded(opts.padding));
  const memoryMask = padded(opts.memoryPadding);
  // reshaped here, inside the step, so the gradient reaches the (flat) variable
  const bias = w.relativeBias ? relativePositionBias(tf.reshape(w.relativeBias, [-1, opts.heads]) as tf.Tensor2D, t, keys, offset) : undefined;
  const memory = opts.memory ? toTimeMajor(opts.memory) : undefined;
  let site = 0;
  const drop = (y: tf.Tensor) => dropout(y, opts.dropout, opts.training, opts.seed + 7919 * site++);
  let h = toTimeMajor(x);
  for (const [i, b] of w.blocks.entries()) {
    const selfShape = { t, s: keys, batch, heads: opts.heads };
    const attn = attentionTimeMajor(layerNorm(h, b.ln1.gamma, b.ln1.beta) as tf.Tensor2D, b.attn, selfShape, mask, undefined, bias, cache?.scoped(`block${i}`));
    h = tf.add(h, drop(attn));
    if (b.cross && b.lnCross) {
      if (!memory) throw new Error('this stack has cross-attention weights but was given no memory to attend to');
      const crossShape = { t, s, batch, heads: opts.heads };
      h = tf.add(h, drop(attentionTimeMajor(layerNorm(h, b.lnCross.gamma, b.lnCross.beta) as tf.Tensor2D, b.cross, crossShape, memoryMask, memory)));
    }
    const hidden = gelu(linear(layerNorm(h, b.ln2.gamma, b.ln2.beta), b.w1, b.b1));
    h = tf.add(h, drop(linear(hidden, b.w2, b.b2)));
  }
  return fromTimeMajor(layerNorm(h, w.lnFinal.gamma, w.lnFinal.beta) as tf.Tensor2D, batch);
}
