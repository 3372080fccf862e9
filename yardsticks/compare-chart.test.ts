import { describe, expect, it } from 'vitest';
import { labelLines } from './compare-chart.js';

describe('compare chart labels', () => {
  it('keeps a label that fits, breaks a long one after a hyphen, and cuts only what still does not fit', () => {
    expect(labelLines('causal-lm', 13)).toEqual(['causal-lm']);
    expect(labelLines('span-corruption', 13)).toEqual(['span-', 'corruption']);
    // no hyphen within the width: cut there
    expect(labelLines('contrastive-clip', 10)).toEqual(['contrastiv', 'e-clip']);
    expect(labelLines('continued-pretraining', 13)).toEqual(['continued-', 'pretraining']);
    expect(labelLines('averyveryverylongname', 8)).toEqual(['averyver', 'yverylon']);
  });
});
