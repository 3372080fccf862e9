import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../engine/analysis/validate.js';
import { createRegistry } from '../../graph-nodes/index.js';
import { chainGraph } from '../support/chain-graph.js';

/**
 * The app analyses the graph on every edit, so analysis must grow linearly with the graph.
 * Timed as a ratio in one run (never a wall time): a chain 10x as long may take ~10x as long;
 * a quadratic step makes it ~100x (16 s / 46 s at 20,000 / 40,000 nodes before this test).
 */
describe('analysis of a large graph', () => {
  const registry = createRegistry();

  function bestOf(runs: number, n: number): number {
    const doc = chainGraph(n);
    let best = Infinity;
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      const analysis = analyzeGraph(doc, registry);
      best = Math.min(best, performance.now() - t0);
      expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(analysis.order).toHaveLength(doc.nodes.length);
    }
    return best;
  }

  it('takes about 10x as long for a 40,000-node chain as for a 4,000-node one, not 100x', () => {
    bestOf(1, 4000); // warm the JIT
    const small = bestOf(3, 4000);
    const large = bestOf(2, 40_000);
    const ratio = large / small;
    console.log(`analysis: 4,000 nodes ${small.toFixed(0)} ms, 40,000 nodes ${large.toFixed(0)} ms, ratio ${ratio.toFixed(1)}`);
    expect(ratio).toBeLessThan(30);
  });
});
