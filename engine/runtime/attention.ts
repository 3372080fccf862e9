import * as tf from '@tensorflow/tfjs';
import { customGrad } from './custom-grad.js';
import type { DecodeState } from './decode-cache.js';
import { linear, transpose2d } from './matmul.js';

/*
 * Multi-head attention in time-major layout: activations are [T, B, D] (row t*B + b), so a
 * head's channels (b, h) sit innermost. Then every per-head product is one depthwise
 * convolution, with (b, h) as the channels and the contracted axis as the filter width:
 *   out[y, c, m] = sum_x in[y, x, c] f[x, c, m].
 * On wasm that runs in XNNPACK (~0.7 ms for scores at B=16, H=4, T=64), where a batched
 * tf.matMul runs a scalar loop (~5.4 ms); it is exact, and portable to every backend.
 * The layouts each product needs are "natural" [T, C, dh] (C = B*H) or cheap permutations of it.
 */

/**
 * Additive mask [t, 1, offset + t] for self-attention: 0 where key j <= query i's position
 * (offset + i), -1e9 beyond it. offset > 0 when t new queries follow `offset` cached keys. A
 * constant, filled on the host: tf.linalg.bandPart would do (it is only non-differentiable,
 * which a constant does not need) but costs ~0.5 ms of small broadcast kernels on wasm.
 */
export function causalMask(t: number, offset = 0): tf.Tensor3D {
  const s = offset + t;
  const data = new Float32Array(t * s);
  for (let i = 0; i < t; i++) data.fill(-1e9, i * s + offset + i + 1, (i + 1) * s);
  return tf.tensor3d(data, [t, 1, s]);
}

/**
 * Additive prefix-LM mask [t, B*H, t], one slice per (example, head) in the core's channel order
 * (c = b*H + h, since rows are t*B + b and a row's D splits into H heads): query i sees key j when
 * j <= i or j < prefix[b], i.e. j <= max(i, prefix[b] - 1). The prefix is bidirectional, the rest
 * causal; a prefix of 0 (or 1) is the causal mask. Built once per stack (every layer shares it), at
 * the scores' full shape so the core's add stays elementwise. Filled on the host, like causalMask:
 * the prefix lengths come from the batch, so reading their B ints back is cheap (their values are
 * still on the host), and on wasm a device-built mask (a broadcasting compare, then a tile over the
 * heads) took ~16 ms at B=16, H=4, T=64 against ~1 ms here. Constant: not differentiated.
 */
export function prefixLmMask(prefix: tf.Tensor | ArrayLike<number>, t: number, heads: number): tf.Tensor3D {
  const lengths = prefix instanceof tf.Tensor ? prefix.dataSync() : prefix;
  const batch = lengths.length;
  const data = new Float32Array(t * batch * heads * t);
  for (let i = 0; i < t; i++) {
    for (let b = 0; b < batch; b++) {
      const last = Math.max(i, lengths[b]! - 1); // the last key this query sees
      if (last >= t - 1) continue;
      for (let h = 0; h < heads; h++) {
        const row = ((i * batch + b) * heads + h) * t;
        data.fill(-1e9, row + last + 1, row + t);
      }
    }
  }
  return tf.tensor3d(data, [t, batch * heads, t]);
}

/**
 * Additive key-padding mask [1, B*H, s] (channel c = b*H + h, as the core orders them): -1e9 for
 * every key whose token id is `pad`, 0 elsewhere, so no query reads a [PAD] position. Built from
 * the ids on the device (they are constants of the batch; nothing to differentiate).
 */
export function keyPaddingMask(ids: tf.Tensor, pad: number, heads: number): tf.Tensor3D {
  const [batch, s] = ids.shape as [number, number];
  const isPad = tf.mul(tf.cast(tf.equal(ids, tf.scalar(pad, 'int32')), 'float32'), -1e9);
  return tf.reshape(tf.tile(tf.reshape(isPad, [batch, 1, s]), [1, heads, 1]), [1, batch * heads, s]);
}

/** Two additive masks as one (either may be absent): they broadcast to [t, B*H, s]. */
export function combineMasks(a: tf.Tensor | null, b: tf.Tensor | null): tf.Tensor | null {
  return a && b ? tf.add(a, b) : (a ?? b);
}

/** The causal mask, or the prefix-LM one when per-example prefix lengths [B] are given (an empty tensor counts as none). */
export function selfAttentionMask(t: number, heads: number, prefix?: tf.Tensor): tf.Tensor3D {
  return prefix && prefix.size > 0 ? prefixLmMask(prefix, t, heads) : causalMask(t);
}

/**
 * One-hot [t*s, 2K+1] of each (query i, key j) pair's distance j - (offset + i), clipped to
 * [-K, K]: a constant, so the bias below is a matMul (differentiable on every backend, where a
 * gather's gradient is not on wasm).
 */
function relativeDistanceOneHot(t: number, s: number, offset: number, maxDistance: number): tf.Tensor2D {
  const width = 2 * maxDistance + 1;
  const data = new Float32Array(t * s * width);
  for (let i = 0; i < t; i++) {
    for (let j = 0; j < s; j++) {
      const d = Math.max(-maxDistance, Math.min(maxDistance, j - offset - i));
      data[(i * s + j) * width + d + maxDistance] = 1;
    }
  }
  return tf.tensor2d(data, [t * s, width]);
}

/**
 * Self-attention score biases [t, H, s] from a learnt table [2K+1, H]: head h adds
 * table[clip(j - i, -K, K) + K, h] to query i's score for key j (T5's relative attention, with
 * distances clipped rather than bucketed). Attention can then favour "the token two to my left"
 * directly, without first learning it from absolute positions. The t queries sit at positions
 * offset..offset+t-1 and the s keys at 0..s-1 (s = offset + t when decoding on from a cache).
 */
export function relativePositionBias(table: tf.Tensor2D, t: number, s = t, offset = 0): tf.Tensor3D {
  const [width, heads] = table.shape;
  const maxDistance = (width - 1) / 2;
  // distances beyond s - 1 never occur: use the table's middle rows, so the one-hot stays t*s*(2s-1) at most
  const reach = Math.min(maxDistance, s - 1);
  const rows = reach < maxDistance ? tf.slice(table, [maxDistance - reach, 0], [2 * reach + 1, heads]) : table;
  const bias = tf.matMul(relativeDistanceOneHot(t, s, offset, reach), rows);
  return tf.transpose(tf.reshape(bias, [t, s, heads]), [0, 2, 1]);
}

/** sum_x in[y, x, c] f[x, c, m] -> [Y, C, M]: a per-channel product as a depthwise convolution. */
function perChannel(input: tf.Tensor, filter: tf.Tensor, y: number, x: number, c: number, m: number): tf.Tensor3D {
  const out = tf.depthwiseConv2d(tf.reshape(input, [1, y, x, c]) as tf.Tensor4D, tf.reshape(filter, [1, x, c, m]) as tf.Tensor4D, 1, 'valid');
  return tf.reshape(out, [y, c, m]) as tf.Tensor3D;
}

/*
 * Layout changes. Plain tf.transpose is fast when it reduces to small 2-D transposes, slow when
 * a power-of-two stride thrashes the cache; the two slow ones are rebuilt from fast pieces.
 */
/** [a, b, c] -> [a, c, b]: small 2-D transposes, fast */
const swapInner = (x: tf.Tensor) => tf.transpose(x, [0, 2, 1]);
/** [t, c, d] -> [d, c, t], as swapInner then a tiled 2-D transpose of [t, d*c] */
function tcdToDct(x: tf.Tensor3D): tf.Tensor {
  const [t, c, d] = x.shape;
  return transpose2d(tf.reshape(swapInner(x), [t, d * c]) as tf.Tensor2D);
}
/** [i, c, j] -> [j, i, c]: a 2-D transpose of [i*c, j] */
function icjToJic(x: tf.Tensor3D): tf.Tensor {
  const [i, c, j] = x.shape;
  return transpose2d(tf.reshape(x, [i * c, j]) as tf.Tensor2D);
}

export interface AttentionShape {
  /** query positions */
  t: number;
  /** key positions (t for self-attention) */
  s: number;
  batch: number;
  heads: number;
}

/**
 * softmax(q k^T / sqrt(dh) + mask + bias) v for every (batch, head), with a written-out gradient.
 * q [t*B, D], k and v [s*B, D], all time-major; mask [t, 1, s] (shared by the batch), [t, B*H, s]
 * (per example and head, see prefixLmMask), [1, B*H, s] (padded keys, see keyPaddingMask), a sum
 * of these, or null (bidirectional, nothing padded), a constant; bias [t, H, s]
 * (per head, shared by the batch: relative positions), learnt, so it gets a gradient too.
 * Returns [t*B, D], heads concatenated along D.
 */
export function attentionCore(q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D, shape: AttentionShape, mask: tf.Tensor | null, bias?: tf.Tensor3D): tf.Tensor2D {
  const { t, s, batch, heads } = shape;
  const d = q.shape[1];
  const dh = d / heads;
  const c = batch * heads;
  const scale = 1 / Math.sqrt(dh);
  const f = customGrad(([qi, ki, vi, bi], save) => {
    const qs = tf.reshape(tf.mul(qi!, scale), [t, c, dh]);
    const kn = tf.reshape(ki!, [s, c, dh]);
    const vn = tf.reshape(vi!, [s, c, dh]);
    // scores[i, c, j] = sum_d q[i, c, d] k[j, c, d]
    let scores: tf.Tensor = perChannel(swapInner(qs), tcdToDct(kn as tf.Tensor3D), t, dh, c, s);
    if (mask) scores = tf.add(scores, mask);
    if (bi) scores = tf.reshape(tf.add(tf.reshape(scores, [t, batch, heads, s]), tf.reshape(bi, [t, 1, heads, s])), [t, c, s]);
    const p = tf.softmax(scores);
    // out[i, c, d] = sum_j p[i, c, j] v[j, c, d]
    const out = perChannel(swapInner(p), vn, t, s, c, dh);
    save([qs, kn, vn, p]);
    return {
      value: tf.reshape(out, [t * batch, d]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sq, sk, sv, sp] = saved as tf.Tensor3D[];
        const dout = tf.reshape(dy, [t, c, dh]);
        const dp = perChannel(swapInner(dout), tcdToDct(sv!), t, dh, c, s);
        const ds = tf.mul(sp, tf.sub(dp, tf.sum(tf.mul(dp, sp), 2, true)));
        const dq = perChannel(swapInner(ds), sk!, t, s, c, dh);
        const dk = perChannel(icjToJic(ds as tf.Tensor3D), sq!, s, t, c, dh);
        const dv = perChannel(icjToJic(sp!), dout, s, t, c, dh);
        const grads = [tf.reshape(tf.mul(dq, scale), [t * batch, d]), tf.reshape(dk, [s * batch, d]), tf.reshape(dv, [s * batch, d])];
        // the bias is added to every example's scores: its gradient sums theirs
        return bi ? [...grads, tf.sum(tf.reshape(ds, [t, batch, heads, s]), 1)] : grads;
      },
    };
  });
  return (bias ? f(q, k, v, bias) : f(q, k, v)) as tf.Tensor2D;
}

export interface AttentionWeights {
  wq: tf.Tensor2D;
  wk: tf.Tensor2D;
  wv: tf.Tensor2D;
  wo: tf.Tensor2D;
  bq?: tf.Tensor1D;
  bk?: tf.Tensor1D;
  bv?: tf.Tensor1D;
  bo?: tf.Tensor1D;
}

/**
 * Multi-head attention on time-major rows: x [t*B, D] gives the queries; keys and values come
 * from `memory` [s*B, D] when given (cross-attention), else from x (self-attention). `bias`
 * [t, H, s] is a learnt per-head score bias (relative positions, see relativePositionBias).
 * With `cache` (self-attention while decoding), x holds only new positions: their keys and
 * values are appended to the ones kept from earlier calls, and the queries attend to all of
 * them (shape.s counts them all).
 * Three [D, D] projections rather than one fused [D, 3D]: XNNPACK runs both at ~44 GFLOP/s,
 * and on wasm each slice of a fused [t*B, 3D] output copies the whole buffer (~0.6 ms).
 */
export function attentionTimeMajor(
  x: tf.Tensor2D,
  w: AttentionWeights,
  shape: AttentionShape,
  mask: tf.Tensor | null,
  memory?: tf.Tensor2D,
  bias?: tf.Tensor3D,
  cache?: DecodeState,
): tf.Tensor2D {
  const kv = memory ?? x;
  const q = linear(x, w.wq, w.bq) as tf.Tensor2D;
  let k = linear(kv, w.wk, w.bk) as tf.Tensor2D;
  let v = linear(kv, w.wv, w.bv) as tf.Tensor2D;
  if (cache) {
    k = cache.extend('k', k) as tf.Tensor2D;
    v = cache.extend('v', v) as tf.Tensor2D;
  }
  return linear(attentionCore(q, k, v, shape, mask, bias), w.wo, w.bo) as tf.Tensor2D;
}

/** [B, T, D] <-> time-major rows [T*B, D]. */
export function toTimeMajor(x: tf.Tensor3D): tf.Tensor2D {
  const [b, t, d] = x.shape;
  return tf.reshape(tf.transpose(x, [1, 0, 2]), [t * b, d]);
}

export function fromTimeMajor(x: tf.Tensor2D, batch: number): tf.Tensor3D {
  const [rows, d] = x.shape;
  return tf.transpose(tf.reshape(x, [rows / batch, batch, d]), [1, 0, 2]);
}

/**
 * Multi-head attention on batch-major tensors: x [B, T, D]. Self-attention, causal (query i
 * sees keys j <= i; with `prefix` [B], also keys j < prefix[b]: a prefix LM) or bidirectional;
 * or, given `memory` [B, S, D], cross-attention, which always sees all of the memory.
 */
export function multiHeadAttention(
  x: tf.Tensor3D,
  w: AttentionWeights,
  opts: { heads: number; causal: boolean; memory?: tf.Tensor3D; prefix?: tf.Tensor },
): tf.Tensor3D {
  return tf.tidy(() => {
    const [batch, t] = x.shape;
    const s = opts.memory ? opts.memory.shape[1] : t;
    const mask = opts.causal && !opts.memory ? selfAttentionMask(t, opts.heads, opts.prefix) : null;
    const mem = opts.memory ? toTimeMajor(opts.memory) : undefined;
    const out = attentionTimeMajor(toTimeMajor(x), w, { t, s, batch, heads: opts.heads }, mask, mem);
    return fromTimeMajor(out, batch);
  });
}
