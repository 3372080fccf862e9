import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../../yardsticks/compare-summary.js';
import { compareCurves } from './compare-curves.js';

const run = (graph: string, seed: number, tokensPerStep: number, losses: number[], valLoss: number, steps = losses.length): RunResult =>
  ({ graph, name: graph, seed, steps, tokensPerStep, losses, valLoss, measures: {} as RunResult['measures'], seconds: 1 });

describe('compare curves', () => {
  it('average each graph over its seeds, against training tokens, with the mean held-out loss at the end', () => {
    const curves = compareCurves([run('samples/a.graph.json', 1, 100, [4, 3, 2], 2.5), run('samples/a.graph.json', 2, 100, [6, 5, 4], 3.5), run('b.json', 1, 150, [5, 4], 4)]);
    expect(curves).toEqual([
      { id: 'samples/a.graph.json', label: 'a', lossCurve: { x: [100, 200, 300], y: [5, 4, 3] }, valCurve: { x: [300], y: [3] } },
      { id: 'b.json', label: 'b', lossCurve: { x: [150, 300], y: [5, 4] }, valCurve: { x: [300], y: [4] } },
    ]);
  });

  it('place a resumed run’s losses at its last steps, and leave out losses that blew up', () => {
    const [c] = compareCurves([run('a', 1, 10, [3, NaN], 2, 4), run('a', 2, 10, [5, 4, 3, 2], 2)]);
    expect(c!.lossCurve).toEqual({ x: [10, 20, 30, 40], y: [5, 4, 3, 2] });
  });
});
