import type { CompareRow } from '../../../yardsticks/compare-summary.js';
import { shortLabel } from '../../../yardsticks/compare-chart.js';
import type { YardstickName } from '../../../yardsticks/yardstick-names.js';
import { OVERLAY_COLORS } from '../run/chart-data.js';
import { niceStep, tickLabel } from './bar-scale.js';
import { formatFigure, measuredYardsticks, yardstickAbout, YARDSTICK_TITLES, YARDSTICK_UNITS } from './yardstick-format.js';

/**
 * A bar chart per yardstick, drawn as the CLI's compare.png is: a bar per graph (its mean over
 * seeds) with ± spread as a whisker, the baseline as a dashed line across the bar and the
 * untrained model as a grey line. SVG, so it scales, follows the theme and reads in a screenshot.
 */
export function YardstickBars({ rows }: { rows: readonly CompareRow[] }) {
  return (
    <div className="compare-bars" data-testid="compare-bars">
      {measuredYardsticks(rows).map((n) => (
        <Panel key={n} name={n} rows={rows} />
      ))}
    </div>
  );
}

const W = 360;
const H = 210;
const LEFT = 46;
const RIGHT = 10;
const TOP = 18;
const BOTTOM = 34;

function Panel({ name, rows }: { name: YardstickName; rows: readonly CompareRow[] }) {
  const cells = rows.map((r) => r.yardsticks[name]);
  const highest = (y: (typeof cells)[number]) => Math.max(y.mean !== null ? y.mean + (y.spread ?? 0) : 0, y.baseline ?? 0, typeof y.randomInit === 'number' ? y.randomInit : 0);
  // room above the highest mark for its value's label
  const step = niceStep(Math.max(...cells.map(highest)) * 1.1);
  const top = step * 4;
  const plotW = W - LEFT - RIGHT;
  const plotH = H - TOP - BOTTOM;
  const yOf = (v: number) => TOP + plotH - (Math.max(0, v) / top) * plotH;
  const slot = plotW / Math.max(1, rows.length);
  // a value sits on its bar, unless a baseline line would run through it: then above the line
  const labelY = (barTop: number, lines: (number | null | undefined)[]) => {
    const bottom = yOf(barTop) - 4;
    const crossing = lines.flatMap((v) => (typeof v === 'number' && yOf(v) > bottom - 14 && yOf(v) < bottom + 3 ? [yOf(v)] : []));
    return crossing.length ? Math.min(...crossing) - 4 : bottom;
  };
  const better = cells[0]?.higherIsBetter ? 'higher is better' : 'lower is better';
  return (
    <figure className="compare-bar-panel" data-testid="compare-bar-panel" data-yardstick={name}>
      <figcaption title={yardstickAbout(name)}>
        <strong>{YARDSTICK_TITLES[name]}</strong> <span className="compare-muted">{YARDSTICK_UNITS[name]}, {better}</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${YARDSTICK_TITLES[name]}: ${rows.map((r, i) => `${shortLabel(r.graph)} ${cells[i]!.mean === null ? 'n/a' : formatFigure(name, cells[i]!.mean!)}`).join(', ')}`}>
        {[0, 0.25, 0.5, 0.75, 1].map((f) => (
          <g key={f}>
            <line className="compare-grid" x1={LEFT} x2={W - RIGHT} y1={yOf(top * f)} y2={yOf(top * f)} />
            <text className="compare-axis" x={LEFT - 4} y={yOf(top * f) + 3} textAnchor="end">
              {tickLabel(name, top * f, step)}
            </text>
          </g>
        ))}
        {cells.map((y, i) => {
          const bw = Math.min(56, slot * 0.6);
          const cx = LEFT + slot * i + slot / 2;
          const colour = OVERLAY_COLORS[i % OVERLAY_COLORS.length];
          const label = shortLabel(rows[i]!.graph);
          return (
            <g key={rows[i]!.graph}>
              {y.mean === null ? (
                <text className="compare-na-label" x={cx} y={TOP + plotH - 6} textAnchor="middle">
                  <title>{y.note}</title>n/a
                </text>
              ) : (
                <>
                  <rect x={cx - bw / 2} y={yOf(y.mean)} width={bw} height={TOP + plotH - yOf(y.mean)} fill={colour} rx={2} />
                  {!!y.spread && (
                    <path className="compare-whisker" d={`M${cx},${yOf(y.mean + y.spread)}V${yOf(y.mean - y.spread)}M${cx - 5},${yOf(y.mean + y.spread)}h10M${cx - 5},${yOf(y.mean - y.spread)}h10`} />
                  )}
                  <text className="compare-value" x={cx} y={labelY(y.mean + (y.spread ?? 0), [y.baseline, y.randomInit])} textAnchor="middle">
                    {formatFigure(name, y.mean)}
                  </text>
                </>
              )}
              {y.baseline !== null && <line className="compare-baseline" x1={cx - bw / 2 - 5} x2={cx + bw / 2 + 5} y1={yOf(y.baseline)} y2={yOf(y.baseline)} />}
              {typeof y.randomInit === 'number' && <line className="compare-random" x1={cx - bw / 2 - 5} x2={cx + bw / 2 + 5} y1={yOf(y.randomInit)} y2={yOf(y.randomInit)} />}
              <text className="compare-axis compare-bar-label" x={cx} y={H - BOTTOM + 14} textAnchor="middle">
                {label.length > slot / 6 ? `${label.slice(0, Math.max(3, Math.floor(slot / 6) - 1))}…` : label}
                <title>{label}</title>
              </text>
            </g>
          );
        })}
        <line className="compare-axis-line" x1={LEFT} x2={W - RIGHT} y1={TOP + plotH} y2={TOP + plotH} />
      </svg>
    </figure>
  );
}
