import { describe, expect, it } from 'vitest';
import { niceStep, tickLabel } from './bar-scale.js';

describe('bar chart ticks', () => {
  it('reach the highest value in four round steps', () => {
    expect(niceStep(0.2)).toBe(0.05);
    expect(niceStep(0.206)).toBeCloseTo(0.1);
    expect(niceStep(5.5)).toBe(2);
    expect(niceStep(0.018)).toBeCloseTo(0.005);
    expect(niceStep(0)).toBe(0.25);
  });

  it('label accuracies as percentages and bits as numbers, with the decimals the step has', () => {
    expect([0, 1, 2, 3, 4].map((k) => tickLabel('probe', k * 0.05, 0.05))).toEqual(['0%', '5%', '10%', '15%', '20%']);
    expect(tickLabel('infillExact', 0.025, 0.025)).toBe('2.5%');
    expect(tickLabel('generation', 6, 2)).toBe('6');
    expect(tickLabel('generation', 0.75, 0.25)).toBe('0.75');
  });
});
