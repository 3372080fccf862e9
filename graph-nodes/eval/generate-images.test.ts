import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { makeRng } from '../../engine/core/rng.js';
import type { ForwardModel } from '../../engine/runtime/forward-model.js';
import { noiseSchedule } from '../noise-schedule/ddpm.run.js';
import { generateImages, samplingSteps } from './generate-images.run.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const schedule = noiseSchedule({ kind: 'linear', steps: 200, betaStart: 1e-4, betaEnd: 0.05 });
// the one image the data holds: a 2x2 "digit" (pixels 0..1)
const target = [0, 1, 0.25, 0.75];

/** The ideal denoiser for a data set of one image: the noise that turns it into x_t. */
const oracle: ForwardModel = {
  contextLength: 4,
  inputs: [
    { key: 'diffuse.noisy', contextLength: 4, role: 'image' },
    { key: 'diffuse.timesteps', contextLength: 1, role: 'timestep' },
  ],
  run: () => {
    throw new Error('unused');
  },
  runWith: (feeds) => {
    const x = feeds['diffuse.noisy']!.arraySync() as number[][];
    const t = feeds['diffuse.timesteps']!.arraySync() as number[];
    return tf.tensor2d(x.map((row, b) => row.map((v, i) => (v - Math.sqrt(schedule.alphaBars[t[b]!]!) * (2 * target[i]! - 1)) / Math.sqrt(1 - schedule.alphaBars[t[b]!]!))));
  },
};

describe('eval/generate-images', () => {
  it('walks every step (DDPM) or an even subset of them (DDIM), down to 0', () => {
    expect(samplingSteps({ sampler: 'ddpm', steps: 10 }, 5)).toEqual([4, 3, 2, 1, 0]);
    expect(samplingSteps({ sampler: 'ddim', steps: 3 }, 201)).toEqual([200, 100, 0]);
  });

  it('turns pure noise into the data with an ideal denoiser, with either sampler', async () => {
    for (const sampler of ['ddim', 'ddpm'] as const) {
      const out = await generateImages({ count: 3, sampler, steps: 20, columns: 3 }, oracle, schedule, makeRng(2));
      if (out.kind !== 'images') throw new Error('not images');
      expect(out).toMatchObject({ width: 2, height: 2, count: 3, columns: 3 });
      for (let n = 0; n < 3; n++) out.pixels.slice(n * 4, n * 4 + 4).forEach((v, i) => expect(v).toBeCloseTo(target[i]!, 2));
    }
  });

  it('says what it needs when the model is not a denoiser', async () => {
    const lm: ForwardModel = { ...oracle, inputs: [{ key: 'shift.inputs', contextLength: 8, role: 'token-ids' }] };
    await expect(generateImages({ count: 1, sampler: 'ddim', steps: 5, columns: 1 }, lm, schedule, makeRng(1))).rejects.toThrow(/noisy images and their timesteps; this one reads shift\.inputs/);
  });
});
