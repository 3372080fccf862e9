import { describe, expect, it } from 'vitest';
import { noiseScheduleNode } from './betas.js';
import { noiseSchedule } from './ddpm.run.js';

describe('noise-schedule/betas', () => {
  it('linear: betas from betaStart to betaEnd, alphaBar their running product of 1 - beta', () => {
    const s = noiseSchedule({ kind: 'linear', steps: 1000, betaStart: 1e-4, betaEnd: 0.02 });
    expect(s.betas[0]).toBeCloseTo(1e-4, 12);
    expect(s.betas[999]).toBeCloseTo(0.02, 12);
    expect(s.betas[500]).toBeCloseTo(1e-4 + (0.0199 * 500) / 999, 12);
    let bar = 1;
    for (let t = 0; t < 1000; t++) bar *= 1 - s.betas[t]!;
    expect(s.alphaBars[999]).toBeCloseTo(bar, 12);
    // DDPM's schedule leaves almost nothing of the image at the end (~4e-5)
    expect(s.alphaBars[999]).toBeLessThan(1e-4);
  });

  it('cosine: alphaBar follows cos^2 of the step (Nichol & Dhariwal), gentler at the start', () => {
    const T = 1000;
    const c = noiseSchedule({ kind: 'cosine', steps: T, betaStart: 1e-4, betaEnd: 0.02 });
    const f = (t: number) => Math.cos(((t / T + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
    expect(c.alphaBars[299]).toBeCloseTo(f(300) / f(0), 6);
    const l = noiseSchedule({ kind: 'linear', steps: T, betaStart: 1e-4, betaEnd: 0.02 });
    expect(c.alphaBars[299]!).toBeGreaterThan(l.alphaBars[299]!);
    expect(noiseScheduleNode.params.safeParse({ betaStart: 0.1, betaEnd: 0.01 }).success).toBe(false);
  });
});
