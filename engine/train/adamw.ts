import * as tf from '@tensorflow/tfjs';
import type { NamedVariable } from '../runtime/variables.js';
import { FUSED_KERNELS, hasFusedKernel, runFusedKernel } from '../backend/fused-kernels.js';

export interface AdamWConfig {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** 0 disables clipping */
  gradClip: number;
}

/** The optimizer node's settings AdamW reads. */
export interface AdamWSettings {
  optimizer: 'adamw' | 'adam';
  beta1: number;
  beta2: number;
  weightDecay: number;
  gradClip: number;
}

/** AdamW as the optimizer node sets it up ('adam' is AdamW without weight decay). */
export function adamWFor(variables: NamedVariable[], s: AdamWSettings): AdamW {
  return new AdamW(variables, { beta1: s.beta1, beta2: s.beta2, eps: 1e-8, weightDecay: s.optimizer === 'adamw' ? s.weightDecay : 0, gradClip: s.gradClip });
}

/**
 * tf.addN over any number of tensors, at most 7 at a time: on webgpu an AddN is one shader, which
 * may read only so many storage buffers (8 by the spec's default, one of them its output), and a
 * model has more variables than that.
 */
function addInGroups(ts: tf.Tensor[]): tf.Tensor {
  let level = ts;
  while (level.length > 1) {
    const next: tf.Tensor[] = [];
    for (let i = 0; i < level.length; i += 7) {
      const group = level.slice(i, i + 7);
      next.push(group.length === 1 ? group[0]! : tf.addN(group));
    }
    level = next;
  }
  return level[0] ?? tf.scalar(0);
}

/**
 * Adam with decoupled weight decay (Loshchilov & Hutter), kept as plain variables so its state
 * can be checkpointed and restored exactly. Gradients are clipped by their global norm first.
 */
export class AdamW {
  readonly m: tf.Variable[];
  readonly v: tf.Variable[];
  /** number of updates applied so far (bias correction uses it) */
  t = 0;

  constructor(
    private readonly vars: NamedVariable[],
    private readonly cfg: AdamWConfig,
  ) {
    this.m = vars.map((v) => tf.variable(tf.zerosLike(v.variable), false));
    this.v = vars.map((v) => tf.variable(tf.zerosLike(v.variable), false));
  }

  /** Apply one update; returns the gradients' global norm before clipping. */
  apply(grads: Record<string, tf.Tensor>, lr: number): tf.Scalar {
    this.t += 1;
    const { beta1, beta2, eps, weightDecay, gradClip } = this.cfg;
    const c1 = 1 - beta1 ** this.t;
    const c2 = 1 - beta2 ** this.t;
    // one GPU dispatch for each of these where the backend has them; tfjs ops where it has not
    const fused = hasFusedKernel(FUSED_KERNELS.adamWParam);
    return tf.tidy(() => {
      const gs = this.vars.map((v) => grads[v.variable.name] ?? tf.zerosLike(v.variable));
      const squares = gs.map((g) => (fused ? runFusedKernel(FUSED_KERNELS.sumOfSquares, { g }, {}) : tf.sum(tf.mul(g, g))));
      const norm = tf.sqrt(addInGroups(squares));
      const scale = gradClip > 0 ? tf.minimum(1, tf.div(gradClip, tf.add(norm, 1e-6))) : tf.scalar(1);
      this.vars.forEach((nv, i) => {
        const p = nv.variable;
        const decay = nv.decay && weightDecay > 0 ? 1 - lr * weightDecay : 1;
        const min = nv.limits?.min ?? -Infinity;
        const max = nv.limits?.max ?? Infinity;
        let m: tf.Tensor, v: tf.Tensor, next: tf.Tensor;
        if (fused) {
          m = runFusedKernel(FUSED_KERNELS.adamMoment, { state: this.m[i]!, g: gs[i]!, scale }, { keep: beta1, take: 1 - beta1, squared: false });
          v = runFusedKernel(FUSED_KERNELS.adamMoment, { state: this.v[i]!, g: gs[i]!, scale }, { keep: beta2, take: 1 - beta2, squared: true });
          next = runFusedKernel(FUSED_KERNELS.adamWParam, { p, m, v }, { decay, lr, c1, c2, eps, min, max });
        } else {
          const g = tf.mul(gs[i]!, scale);
          m = tf.add(tf.mul(this.m[i]!, beta1), tf.mul(g, 1 - beta1));
          v = tf.add(tf.mul(this.v[i]!, beta2), tf.mul(tf.mul(g, g), 1 - beta2));
          const update = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), eps));
          const decayed = decay !== 1 ? tf.mul(p, decay) : p;
          next = tf.sub(decayed, tf.mul(update, lr));
          if (nv.limits) next = tf.clipByValue(next, min, max);
        }
        this.m[i]!.assign(m);
        this.v[i]!.assign(v);
        p.assign(next);
      });
      return norm as tf.Scalar;
    });
  }

  dispose(): void {
    for (const x of [...this.m, ...this.v]) x.dispose();
  }
}
