import type { RunResult } from '../../../yardsticks/compare-summary.js';
import { shortLabel } from '../../../yardsticks/compare-chart.js';
import type { OverlayRun } from '../run/chart-data.js';
import { downsample } from '../run/run-history.js';

/**
 * The compare's loss curves, one per graph: its training loss averaged over seeds, against the
 * training tokens read so far — graphs read different tokens a step, so steps would not line up
 * on a matched budget — and its final held-out loss (mean over seeds) as one point at the end.
 */
export function compareCurves(results: readonly RunResult[]): OverlayRun[] {
  const byGraph = new Map<string, RunResult[]>();
  for (const r of results) byGraph.set(r.graph, [...(byGraph.get(r.graph) ?? []), r]);
  return [...byGraph.entries()].map(([graph, runs]) => {
    const { steps, tokensPerStep } = runs[0]!;
    // a run resumed from a checkpoint holds the losses of its last steps only: index from the end
    const sums = new Float64Array(steps);
    const counts = new Uint32Array(steps);
    for (const r of runs) {
      const first = steps - r.losses.length;
      r.losses.forEach((loss, i) => {
        if (first + i < 0 || !Number.isFinite(loss)) return;
        sums[first + i]! += loss;
        counts[first + i]!++;
      });
    }
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < steps; i++) {
      if (counts[i]! === 0) continue;
      xs.push((i + 1) * Math.max(1, tokensPerStep));
      ys.push(sums[i]! / counts[i]!);
    }
    const val = runs.map((r) => r.valLoss).filter(Number.isFinite);
    return {
      id: graph,
      label: shortLabel(graph),
      lossCurve: downsample(xs, ys),
      valCurve: val.length ? { x: [steps * Math.max(1, tokensPerStep)], y: [val.reduce((a, b) => a + b, 0) / val.length] } : { x: [], y: [] },
    };
  });
}
