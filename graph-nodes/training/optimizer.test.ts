import { describe, expect, it } from 'vitest';
import { optimizerNode } from './optimizer.js';
import { parseParams } from '../../engine/analysis/params.js';
import { learningRate } from '../../engine/train/schedule.js';

describe('optimizer settings', () => {
  it('fills every setting with a default that trains', () => {
    const r = parseParams(optimizerNode, {});
    expect(r.ok).toBe(true);
    expect(r.ok && r.params).toMatchObject({ optimizer: 'adamw', learningRate: 1e-3, warmupSteps: 100, decay: 'cosine', gradClip: 1 });
  });

  it('rejects a floor above the peak learning rate, naming the setting', () => {
    const r = parseParams(optimizerNode, { learningRate: 1e-3, minLearningRate: 1e-2 });
    expect(r.issues).toEqual([{ param: 'minLearningRate', message: 'must not exceed learningRate (got 0.01)' }]);
  });

  it('reports an out-of-range setting alone, not the cross-check it also breaks', () => {
    const r = parseParams(optimizerNode, { learningRate: -1 });
    expect(r.issues).toEqual([{ param: 'learningRate', message: 'must be at least 0.000001 (got -1)' }]);
  });

  it('its schedule warms up linearly, peaks, and ends at the floor', () => {
    const r = parseParams(optimizerNode, { learningRate: 0.01, minLearningRate: 0.001, warmupSteps: 10, steps: 100 });
    if (!r.ok) throw new Error('settings should parse');
    const p = r.params as Parameters<typeof learningRate>[0];
    expect(learningRate(p, 5, 100)).toBeCloseTo(0.005, 10);
    expect(learningRate(p, 10, 100)).toBeCloseTo(0.01, 10);
    expect(learningRate(p, 100, 100)).toBeCloseTo(0.001, 10);
  });
});
