import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../engine/core/rng.js';
import type { EvalOutput, ForwardModel } from '../../engine/runtime/forward-model.js';
import { gaussian, type NoiseSchedule } from '../noise-schedule/ddpm.run.js';

export interface GenerateSettings {
  count: number;
  sampler: 'ddpm' | 'ddim';
  /** DDIM: how many of the schedule's steps to take */
  steps: number;
  columns: number;
}

/** The steps a sampler visits, from the noisiest down to 0. */
export function samplingSteps(p: Pick<GenerateSettings, 'sampler' | 'steps'>, T: number): number[] {
  if (p.sampler === 'ddpm' || p.steps >= T) return Array.from({ length: T }, (_, i) => T - 1 - i);
  const n = Math.max(1, p.steps);
  const out = Array.from({ length: n }, (_, i) => Math.round(((T - 1) * (n - 1 - i)) / Math.max(1, n - 1)));
  return [...new Set(out)];
}

/**
 * Images from pure noise with a trained denoiser: from x_T ~ N(0, I), each step estimates the
 * clean image x_0 = (x_t - sqrt(1 - alphaBar_t) eps) / sqrt(alphaBar_t) (clipped to -1..1) and
 * steps to an earlier t — DDPM: the posterior mean of q(x_{t-1} | x_t, x_0) plus fresh noise of its
 * variance, every one of the T steps; DDIM (eta 0): deterministically, along `steps` of them.
 */
export async function generateImages(p: GenerateSettings, model: ForwardModel, schedule: NoiseSchedule, rng: Rng): Promise<EvalOutput> {
  const inputs = model.inputs ?? [];
  const image = inputs.find((i) => i.role === 'image');
  const time = inputs.find((i) => i.role === 'timestep');
  if (!model.runWith || !image || !time || inputs.length !== 2) {
    throw new Error(`needs the predicted noise of a denoiser that reads noisy images and their timesteps; this one reads ${inputs.map((i) => i.key).join(', ') || 'nothing'}`);
  }
  const n = p.count;
  const P = image.contextLength;
  const side = Math.round(Math.sqrt(P));
  let x = Float32Array.from({ length: n * P }, () => gaussian(rng));
  const visit = samplingSteps(p, schedule.steps);
  for (let k = 0; k < visit.length; k++) {
    const t = visit[k]!;
    const prev = k + 1 < visit.length ? visit[k + 1]! : -1;
    const out = tf.tidy(() => model.runWith!({ [image.key]: tf.tensor2d(x, [n, P]), [time.key]: tf.fill([n], t, 'int32') }));
    const eps = (await out.data()) as Float32Array;
    out.dispose();
    const abar = schedule.alphaBars[t]!;
    const abarPrev = prev >= 0 ? schedule.alphaBars[prev]! : 1;
    const next = new Float32Array(n * P);
    if (p.sampler === 'ddpm') {
      const beta = 1 - abar / abarPrev;
      const c0 = (Math.sqrt(abarPrev) * beta) / (1 - abar);
      const ct = (Math.sqrt(1 - beta) * (1 - abarPrev)) / (1 - abar);
      const sigma = prev >= 0 ? Math.sqrt((beta * (1 - abarPrev)) / (1 - abar)) : 0;
      for (let i = 0; i < x.length; i++) {
        const x0 = Math.min(1, Math.max(-1, (x[i]! - Math.sqrt(1 - abar) * eps[i]!) / Math.sqrt(abar)));
        next[i] = c0 * x0 + ct * x[i]! + (sigma > 0 ? sigma * gaussian(rng) : 0);
      }
    } else {
      for (let i = 0; i < x.length; i++) {
        const x0 = Math.min(1, Math.max(-1, (x[i]! - Math.sqrt(1 - abar) * eps[i]!) / Math.sqrt(abar)));
        const e = (x[i]! - Math.sqrt(abar) * x0) / Math.sqrt(1 - abar);
        next[i] = Math.sqrt(abarPrev) * x0 + Math.sqrt(1 - abarPrev) * e;
      }
    }
    x = next;
  }
  const pixels = Array.from(x, (v) => Math.round(Math.min(1, Math.max(0, (v + 1) / 2)) * 1000) / 1000);
  return { kind: 'images', title: `${n} generated images (${p.sampler.toUpperCase()}, ${visit.length} steps)`, width: side, height: Math.round(P / side), count: n, columns: p.columns, pixels };
}
