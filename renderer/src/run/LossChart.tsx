import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { RunState } from './run-state.js';
import { liveChartData, overlayChartData, OVERLAY_COLORS, type Aligned, type OverlayRun } from './chart-data.js';

export interface LossChartProps {
  /** the live (or last) run: training loss, held-out loss, learning rate on a second axis */
  state?: RunState | null;
  /** with two or more runs, the chart overlays their curves instead of the live run */
  overlays?: readonly OverlayRun[];
  height?: number;
  /** what the overlays' x values count: training steps, or training tokens (a compare on a matched budget) */
  overlayX?: 'step' | 'training tokens';
  /** overlay even a single run (the compare's curves never show a live run) */
  overlayOnly?: boolean;
}

type Theme = 'light' | 'dark';

function currentTheme(): Theme {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

/** The app's theme, following `data-theme` on <html>. */
function useTheme(): Theme {
  const [theme, setTheme] = useState<Theme>(currentTheme);
  useEffect(() => {
    const obs = new MutationObserver(() => setTheme(currentTheme()));
    obs.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'style', 'class'] });
    return () => obs.disconnect();
  }, []);
  return theme;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

const VAL_COLOR = { light: '#d9731a', dark: '#f0a04b' };

function axisStyle(): Pick<uPlot.Axis, 'stroke' | 'grid' | 'ticks' | 'font' | 'labelFont'> {
  const text = cssVar('--muted', '#6b7385');
  const grid = cssVar('--border', '#d9dde5');
  return {
    stroke: text,
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid, width: 1 },
    font: '11px system-ui, sans-serif',
    labelFont: '11px system-ui, sans-serif',
  };
}

const fmtLoss = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(4));
const fmtLr = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toExponential(2));
const fmtLrTick = (v: number) => (v === 0 ? '0' : Number(v.toPrecision(2)).toExponential());

/** The last value of a column (the legend shows it while the cursor is off the plot). */
function lastValue(col: ArrayLike<number | null | undefined> | undefined): number | null {
  if (!col) return null;
  for (let i = col.length - 1; i >= 0; i--) if (col[i] !== null && col[i] !== undefined) return col[i]!;
  return null;
}

/** A legend value: at the cursor, or the latest when the cursor is elsewhere. */
function legendValue(fmt: (v: number | null | undefined) => string): uPlot.Series.Value {
  return (u, v, seriesIdx, idx) => fmt(idx === null ? lastValue(u.data[seriesIdx] as ArrayLike<number | null>) : v);
}
const stepValue: uPlot.Series.Value = (u, v, _s, idx) => {
  const x = idx === null ? lastValue(u.data[0]) : v;
  return x === null || x === undefined ? '—' : String(x);
};

/** whole-number step ticks */
const STEP_INCRS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1e3, 2e3, 2500, 5e3, 1e4, 2e4, 25e3, 5e4, 1e5, 2e5, 25e4, 5e5, 1e6, 2e6, 5e6, 1e7];

function liveOptions(theme: Theme, width: number, height: number, branches: readonly string[]): uPlot.Options {
  const ax = axisStyle();
  return {
    width,
    height,
    scales: { x: { time: false }, lr: { auto: true } },
    cursor: { drag: { x: true, y: false } },
    legend: { live: true },
    series: [
      { label: 'step', value: stepValue },
      { label: 'training loss', stroke: cssVar('--accent', '#3a6ff7'), width: 1.5, spanGaps: true, points: { show: false }, value: legendValue(fmtLoss) },
      { label: 'held-out loss', stroke: VAL_COLOR[theme], width: 2, spanGaps: true, points: { show: true, size: 6, fill: VAL_COLOR[theme] }, value: legendValue(fmtLoss) },
      { label: 'learning rate', scale: 'lr', stroke: cssVar('--muted', '#6b7385'), width: 1, dash: [4, 4], spanGaps: true, points: { show: false }, value: legendValue(fmtLr) },
      // one held-out curve per objective branch (UL2's R, S, X), when the loss node reports them
      ...branches.map((b, i): uPlot.Series => {
        const color = OVERLAY_COLORS[(i + 1) % OVERLAY_COLORS.length]!;
        return { label: `held-out ${b}`, stroke: color, width: 1.5, dash: [6, 3], spanGaps: true, points: { show: true, size: 5, fill: color }, value: legendValue(fmtLoss) };
      }),
    ],
    axes: [
      { ...ax, label: 'step', labelSize: 16, size: 28, incrs: STEP_INCRS },
      { ...ax, label: 'loss', labelSize: 18, size: 48 },
      { ...ax, scale: 'lr', side: 1, label: 'learning rate', labelSize: 18, size: 56, grid: { show: false }, values: (_u, vals) => vals.map(fmtLrTick) },
    ],
  };
}

function overlayOptions(runs: readonly OverlayRun[], width: number, height: number, xLabel: string): uPlot.Options {
  const ax = axisStyle();
  const series: uPlot.Series[] = [{ label: xLabel, value: stepValue }];
  runs.forEach((r, i) => {
    const color = OVERLAY_COLORS[i % OVERLAY_COLORS.length]!;
    series.push({ label: `${r.label} loss`, stroke: color, width: 1.5, spanGaps: true, points: { show: false }, value: legendValue(fmtLoss) });
    series.push({ label: `${r.label} held-out`, stroke: color, width: 1.5, dash: [5, 4], spanGaps: true, points: { show: true, size: 5, fill: color }, value: legendValue(fmtLoss) });
  });
  return {
    width,
    height,
    scales: { x: { time: false } },
    cursor: { drag: { x: true, y: false } },
    series,
    axes: [
      { ...ax, label: xLabel, labelSize: 16, size: 28, incrs: STEP_INCRS },
      { ...ax, label: 'loss', labelSize: 18, size: 48 },
    ],
  };
}

function hasPoints(data: Aligned): boolean {
  return data[0].length > 0;
}

/**
 * Training and held-out loss, live: the plot is created once per mode (live / overlay of the
 * chosen runs) and theme, and new points go in through setData at most once an animation
 * frame. Drag across to zoom into steps; double-click to fit again.
 */
export function LossChart({ state = null, overlays = [], height = 240, overlayX = 'step', overlayOnly = false }: LossChartProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const zoomedRef = useRef(false);
  const dataRef = useRef<() => Aligned>(() => [[]]);
  const theme = useTheme();
  const overlayMode = overlays.length >= (overlayOnly ? 1 : 2);
  // a curve can change without growing (a compare's mean over seeds, as another seed comes in)
  const overlayKey = overlayMode ? overlays.map((r) => `${r.id}:${r.label}:${r.lossCurve.x.length}:${r.lossCurve.y.at(-1)}:${r.valCurve.y.at(-1)}`).join('|') : '';
  // a branch curve appearing (first eval of a UL2 run) adds a series: the plot is made again
  const branches = overlayMode || !state ? [] : Object.keys(state.branchSeries);
  const branchKey = branches.join('|');

  dataRef.current = overlayMode ? () => overlayChartData(overlays) : () => (state ? liveChartData(state) : [[]]);
  const empty = overlayMode ? false : !state || (state.lossSeries.length === 0 && state.valSeries.length === 0);

  // create the plot for this mode and theme
  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const width = Math.max(200, box.clientWidth);
    const opts = overlayMode ? overlayOptions(overlays, width, height, overlayX) : liveOptions(theme, width, height, branches);
    opts.hooks = { setSelect: [() => void (zoomedRef.current = true)] };
    const data = dataRef.current();
    const plot = new uPlot(opts, (hasPoints(data) ? data : [[], ...opts.series.slice(1).map(() => [])]) as uPlot.AlignedData, box);
    plotRef.current = plot;
    zoomedRef.current = false;
    const onDblClick = () => void (zoomedRef.current = false);
    plot.over.addEventListener('dblclick', onDblClick);
    const ro = new ResizeObserver(() => {
      const w = Math.max(200, box.clientWidth);
      if (w !== plot.width) plot.setSize({ width: w, height });
    });
    ro.observe(box);
    return () => {
      ro.disconnect();
      plot.over.removeEventListener('dblclick', onDblClick);
      plot.destroy();
      plotRef.current = null;
    };
    // overlays are captured through overlayKey; the live state through dataRef
  }, [overlayMode, overlayKey, branchKey, theme, height, overlayX]);

  // push new points, at most once a frame
  const version = overlayMode ? -1 : (state?.version ?? 0);
  const frameRef = useRef<number | null>(null);
  useEffect(() => {
    if (overlayMode || frameRef.current !== null) return;
    frameRef.current = requestAnimationFrame(() => {
      frameRef.current = null;
      const plot = plotRef.current;
      if (!plot) return;
      const data = dataRef.current();
      plot.setData((hasPoints(data) ? data : [[], ...plot.series.slice(1).map(() => [])]) as uPlot.AlignedData, !zoomedRef.current);
    });
  }, [version, overlayMode, state?.runId]);
  useEffect(
    () => () => {
      if (frameRef.current !== null) cancelAnimationFrame(frameRef.current);
      frameRef.current = null;
    },
    [],
  );

  return (
    <div className="loss-chart" data-testid="loss-chart" data-mode={overlayMode ? 'overlay' : 'live'} data-points={overlayMode ? undefined : (state?.lossSeries.length ?? 0)}>
      <div ref={boxRef} className="loss-chart-plot" />
      {empty && <div className="loss-chart-empty">The loss curve appears here once training starts.</div>}
    </div>
  );
}
