import { describe, expect, it } from 'vitest';
import { metricAbout, metricLabel, metricValue } from './metric-names.js';

describe('metric names for people', () => {
  it('writes the engine\'s names as words', () => {
    expect(metricLabel('accuracy')).toBe('accuracy');
    expect(metricLabel('baselineAccuracy')).toBe('baseline accuracy');
    expect(metricLabel('textBaselineAccuracy')).toBe('baseline accuracy on text');
    expect(metricLabel('R.loss')).toBe('R held-out loss');
    expect(metricLabel('loss.baselineAccuracy')).toBe('loss: baseline accuracy');
    expect(metricLabel('meanSquaredError')).toBe('mean squared error');
    expect(metricAbout('baselineAccuracy')).toMatch(/most frequent target/);
    expect(metricAbout('X.loss')).toBe('held-out loss of the X objective alone');
  });

  it('shows accuracies as percentages', () => {
    expect(metricValue('baselineAccuracy', 0.17034)).toBe('17.0%');
    expect(metricValue('scale', 14.28571)).toBe('14.29');
    expect(metricValue('R.loss', 2.0141)).toBe('2.014');
  });
});
