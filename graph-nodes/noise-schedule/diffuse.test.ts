import { describe, expect, it } from 'vitest';
import { hostFloat } from '../../engine/core/host-tensor.js';
import { makeRng } from '../../engine/core/rng.js';
import { diffuse, noiseSchedule } from './ddpm.run.js';

describe('noise-schedule/diffuse', () => {
  const schedule = noiseSchedule({ kind: 'linear', steps: 1000, betaStart: 1e-4, betaEnd: 0.02 });

  it('is q(x_t | x_0) in closed form: sqrt(alphaBar_t) (2 x - 1) + sqrt(1 - alphaBar_t) noise', () => {
    const images = hostFloat([4, 3], Float32Array.from([0, 0.5, 1, 1, 1, 1, 0, 0, 0, 0.25, 0.75, 0.5]));
    const { noisy, noise, timesteps } = diffuse(images, schedule, makeRng(3));
    for (let b = 0; b < 4; b++) {
      const t = timesteps.data[b]!;
      expect(t).toBeGreaterThanOrEqual(0);
      expect(t).toBeLessThan(1000);
      for (let i = b * 3; i < b * 3 + 3; i++) {
        const expected = Math.sqrt(schedule.alphaBars[t]!) * (2 * images.data[i]! - 1) + Math.sqrt(1 - schedule.alphaBars[t]!) * noise.data[i]!;
        expect(noisy.data[i]).toBeCloseTo(expected, 5);
      }
    }
  });

  it('draws standard normal noise and uniform steps, the same for the same seed', () => {
    const images = hostFloat([200, 50]);
    const { noise, timesteps } = diffuse(images, schedule, makeRng(9));
    const data = noise.data as Float32Array;
    const n = data.length;
    const mean = data.reduce((a, x) => a + x, 0) / n;
    const variance = data.reduce((a, x) => a + (x - mean) ** 2, 0) / n;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(variance).toBeGreaterThan(0.95);
    expect(variance).toBeLessThan(1.05);
    expect(Math.max(...timesteps.data) - Math.min(...timesteps.data)).toBeGreaterThan(900);
    expect([...diffuse(images, schedule, makeRng(9)).timesteps.data]).toEqual([...timesteps.data]);
  });
});
