import { describe, expect, it } from 'vitest';
import { alignCurves, liveChartData, overlayChartData } from './chart-data.js';
import { applyEvents, beginRun } from './run-state.js';
import { recordedEvents } from './recorded-events.js';

describe('chart data', () => {
  it('merges curves on the union of their steps, with null where a curve has no point', () => {
    const a = { x: [1, 2, 3, 4], y: [10, 9, 8, 7], length: 4 };
    const b = { x: [2, 4, 6], y: [5, 4, 3], length: 3 };
    expect(alignCurves([a, b])).toEqual([
      [1, 2, 3, 4, 6],
      [10, 9, 8, 7, null],
      [null, 5, null, 4, 3],
    ]);
    expect(alignCurves([])).toEqual([[]]);
  });

  it('reads only the filled part of a series buffer', () => {
    const buf = { x: new Float64Array([1, 2, 0, 0]), y: new Float64Array([3, 4, 0, 0]), length: 2 };
    expect(alignCurves([buf])).toEqual([[1, 2], [3, 4]]);
  });

  it('lines up a recorded run: loss and learning rate every step, held-out loss at evals', () => {
    const [x, loss, val, lr] = liveChartData(applyEvents(beginRun({ startedAt: 0 }), recordedEvents('causal-lm-60')));
    expect(x).toHaveLength(60);
    expect(loss!.every((v) => v !== null)).toBe(true);
    expect(lr!.every((v) => v !== null)).toBe(true);
    expect(x.filter((_, i) => val![i] !== null)).toEqual([20, 40, 60]);
  });

  it('adds a held-out curve per objective branch when the loss node reports them (UL2: R.loss, S.loss, X.loss)', () => {
    const evalAt = (step: number, r: number, s: number, x: number) => ({
      event: 'eval' as const,
      step,
      valLoss: (r + s + x) / 3,
      metrics: { accuracy: 0.3, 'R.loss': r, 'R.accuracy': 0.4, 'S.loss': s, 'X.loss': x },
    });
    const state = applyEvents(beginRun({ startedAt: 0 }), [evalAt(10, 3, 2.5, 3.5), evalAt(20, 2, 2.2, 3.1)]);
    expect(Object.keys(state.branchSeries)).toEqual(['R', 'S', 'X']);
    const [x, , val, , r, s, xs] = liveChartData(state);
    expect(x).toEqual([10, 20]);
    expect(val).toEqual([3, (2 + 2.2 + 3.1) / 3]);
    expect([r, s, xs]).toEqual([
      [3, 2],
      [2.5, 2.2],
      [3.5, 3.1],
    ]);
  });

  it('overlays runs with different steps: two columns (loss, held-out) per run', () => {
    const data = overlayChartData([
      { id: 'a', label: '#1', lossCurve: { x: [1, 10], y: [4, 2] }, valCurve: { x: [10], y: [2.2] } },
      { id: 'b', label: '#2', lossCurve: { x: [1, 5, 20], y: [4, 3, 1.5] }, valCurve: { x: [20], y: [1.7] } },
    ]);
    expect(data).toEqual([
      [1, 5, 10, 20],
      [4, null, 2, null],
      [null, null, 2.2, null],
      [4, 3, null, 1.5],
      [null, null, null, 1.7],
    ]);
  });
});
