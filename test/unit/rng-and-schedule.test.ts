import { describe, expect, it } from 'vitest';
import { makeRng } from '../../engine/core/rng.js';
import { learningRate } from '../../engine/train/schedule.js';
import { optimizerNode } from '../../graph-nodes/training/optimizer.js';

describe('rng', () => {
  it('is reproducible from its seed parts and differs across them', () => {
    const a = makeRng(1, 'batch', 5);
    const b = makeRng(1, 'batch', 5);
    const c = makeRng(1, 'batch', 6);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });
  it('is roughly uniform', () => {
    const r = makeRng('u');
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[r.int(10)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });
});

describe('learning-rate schedule', () => {
  const s = optimizerNode.params.parse({ learningRate: 1e-3, minLearningRate: 1e-4, warmupSteps: 10, steps: 110 });
  it('warms up linearly, peaks, and decays to the minimum at the last step', () => {
    expect(learningRate(s, 1)).toBeCloseTo(1e-4);
    expect(learningRate(s, 10)).toBeCloseTo(1e-3);
    expect(learningRate(s, 60)).toBeCloseTo(5.5e-4);
    expect(learningRate(s, 110)).toBeCloseTo(1e-4);
    for (let t = 11; t < 110; t++) expect(learningRate(s, t + 1)).toBeLessThanOrEqual(learningRate(s, t));
  });
});
