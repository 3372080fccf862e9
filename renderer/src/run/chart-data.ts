import type { RunState } from './run-state.js';
import type { Curve } from './run-history.js';

/**
 * uPlot wants one x column shared by every series ("aligned data"). The curves here each have
 * their own steps (loss every step, held-out loss every eval, other runs' downsampled curves),
 * so they are merged on x, with null where a curve has no point (drawn with spanGaps).
 * Pure and DOM-free, so it is tested in Node.
 */

export interface XY {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  length: number;
}

export type Aligned = [number[], ...(number | null)[][]];

/** Merge sorted curves on the union of their x values; O(total points). */
export function alignCurves(curves: readonly XY[]): Aligned {
  const k = curves.length;
  const idx = new Array<number>(k).fill(0);
  const xs: number[] = [];
  const cols: (number | null)[][] = curves.map(() => []);
  for (;;) {
    let min = Infinity;
    for (let c = 0; c < k; c++) {
      const i = idx[c]!;
      if (i < curves[c]!.length && curves[c]!.x[i]! < min) min = curves[c]!.x[i]!;
    }
    if (min === Infinity) break;
    xs.push(min);
    for (let c = 0; c < k; c++) {
      const cur = curves[c]!;
      const i = idx[c]!;
      if (i < cur.length && cur.x[i] === min) {
        cols[c]!.push(cur.y[i]!);
        // skip duplicates of the same x (keep the first)
        let j = i + 1;
        while (j < cur.length && cur.x[j] === min) j++;
        idx[c] = j;
      } else {
        cols[c]!.push(null);
      }
    }
  }
  return [xs, ...cols];
}

/** Columns: step, training loss, held-out loss, learning rate, then each branch's held-out loss. */
export function liveChartData(s: RunState): Aligned {
  return alignCurves([s.lossSeries, s.valSeries, s.lrSeries, ...Object.values(s.branchSeries)]);
}

export interface OverlayRun {
  id: string;
  label: string;
  lossCurve: Curve;
  valCurve: Curve;
}

function curveXY(c: Curve): XY {
  return { x: c.x, y: c.y, length: Math.min(c.x.length, c.y.length) };
}

/** Columns: step, then per run its training loss and held-out loss. */
export function overlayChartData(runs: readonly OverlayRun[]): Aligned {
  return alignCurves(runs.flatMap((r) => [curveXY(r.lossCurve), curveXY(r.valCurve)]));
}

/** Distinct line colours that read on both the light and the dark panel. */
export const OVERLAY_COLORS = ['#3a7bf7', '#e8871e', '#23a587', '#d64f9a', '#8c6cf2', '#b8961c', '#3fb0d9', '#e0504f'];
