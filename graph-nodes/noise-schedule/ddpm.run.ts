import { hostFloat, hostInt, type HostTensor } from '../../engine/core/host-tensor.js';
import type { Rng } from '../../engine/core/rng.js';

/** A DDPM noise schedule over `steps` steps t = 0 .. steps-1 (Ho et al. 2020; cosine: Nichol & Dhariwal 2021). */
export interface NoiseSchedule {
  steps: number;
  betas: Float64Array;
  /** alpha_t = 1 - beta_t */
  alphas: Float64Array;
  /** alphaBar_t = alpha_0 * ... * alpha_t: how much of the clean image survives at step t */
  alphaBars: Float64Array;
}

export function noiseSchedule(p: { kind: 'linear' | 'cosine'; steps: number; betaStart: number; betaEnd: number }): NoiseSchedule {
  const T = p.steps;
  const betas = new Float64Array(T);
  if (p.kind === 'linear') {
    for (let t = 0; t < T; t++) betas[t] = p.betaStart + ((p.betaEnd - p.betaStart) * t) / Math.max(1, T - 1);
  } else {
    const s = 0.008;
    const f = (t: number) => Math.cos((((t / T + s) / (1 + s)) * Math.PI) / 2) ** 2;
    for (let t = 0; t < T; t++) betas[t] = Math.min(0.999, 1 - f(t + 1) / f(t));
  }
  const alphas = betas.map((b) => 1 - b);
  const alphaBars = new Float64Array(T);
  let bar = 1;
  for (let t = 0; t < T; t++) alphaBars[t] = bar *= alphas[t]!;
  return { steps: T, betas, alphas, alphaBars };
}

/** A standard normal draw (Box-Muller), from the host's seeded stream so every backend sees the same noise. */
export function gaussian(rng: Rng): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/**
 * Forward noising q(x_t | x_0) in closed form, at a random step per image: pixels (0..1) scaled
 * to -1..1 as x_0, then x_t = sqrt(alphaBar_t) x_0 + sqrt(1 - alphaBar_t) eps with eps ~ N(0, I).
 */
export function diffuse(images: HostTensor, schedule: NoiseSchedule, rng: Rng): { noisy: HostTensor; noise: HostTensor; timesteps: HostTensor } {
  const [B, P] = images.shape as [number, number];
  const noisy = hostFloat([B, P]);
  const noise = hostFloat([B, P]);
  const timesteps = hostInt([B]);
  for (let b = 0; b < B; b++) {
    const t = rng.int(schedule.steps);
    timesteps.data[b] = t;
    const keep = Math.sqrt(schedule.alphaBars[t]!);
    const add = Math.sqrt(1 - schedule.alphaBars[t]!);
    for (let i = b * P; i < (b + 1) * P; i++) {
      const eps = gaussian(rng);
      noise.data[i] = eps;
      noisy.data[i] = keep * (2 * images.data[i]! - 1) + add * eps;
    }
  }
  return { noisy, noise, timesteps };
}
