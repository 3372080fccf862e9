import type { CompareRow } from '../../../yardsticks/compare-summary.js';
import { shortLabel } from '../../../yardsticks/compare-chart.js';
import type { YardstickName } from '../../../yardsticks/yardstick-names.js';
import { OVERLAY_COLORS } from '../run/chart-data.js';
import { formatFigure, formatSpread, measuredYardsticks, unmeasuredYardsticks, yardstickAbout, YARDSTICK_TITLES, YARDSTICK_UNITS } from './yardstick-format.js';

/**
 * A row per graph, a column per yardstick that measured anything: mean ± spread over seeds, the
 * baseline (what ignoring the input scores) and, for the probe, the same model untrained, right
 * under it; `n/a` with the reason where a graph's model cannot be measured that way.
 */
export function CompareTable({ rows }: { rows: readonly CompareRow[] }) {
  const names = measuredYardsticks(rows);
  const unmeasured = unmeasuredYardsticks(rows);
  return (
    <div className="compare-table-box">
      <table className="compare-table" data-testid="compare-table">
        <thead>
          <tr>
            <th scope="col">Graph</th>
            <th scope="col" title="seeds each graph was trained with">Seeds</th>
            <th scope="col" title="training steps of each run, and the training tokens a step reads">Steps</th>
            {names.map((n) => (
              <th scope="col" key={n} title={yardstickAbout(n)} data-yardstick={n}>
                {YARDSTICK_TITLES[n]}
                <small>
                  {YARDSTICK_UNITS[n]}, {rows[0]!.yardsticks[n].higherIsBetter ? 'higher is better' : 'lower is better'}
                </small>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.graph} data-testid="compare-row" data-graph={shortLabel(r.graph)}>
              <th scope="row" title={r.graph}>
                <span className="compare-swatch" style={{ background: OVERLAY_COLORS[i % OVERLAY_COLORS.length] }} aria-hidden />
                {shortLabel(r.graph)}
                <small>{r.name}</small>
              </th>
              <td>{r.seeds}</td>
              <td>
                {r.steps}
                <small>{r.tokensPerStep.toLocaleString('en-US')} tokens a step</small>
              </td>
              {names.map((n) => (
                <Cell key={n} name={n} y={r.yardsticks[n]} seeds={r.seeds} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {unmeasured.length > 0 && (
        <p className="compare-muted" data-testid="compare-unmeasured">
          Not in the table, n/a for every graph here:{' '}
          {unmeasured.map((u, i) => (
            <span key={u.reason}>
              {i > 0 && '; '}
              <strong>{u.names.map((n) => YARDSTICK_TITLES[n]).join(', ')}</strong> ({u.reason})
            </span>
          ))}
          .
        </p>
      )}
    </div>
  );
}

function Cell({ name, y, seeds }: { name: YardstickName; y: CompareRow['yardsticks'][YardstickName]; seeds: number }) {
  if (y.mean === null) {
    return (
      <td className="compare-na" data-yardstick={name} title={y.note}>
        n/a<small>{y.note ?? 'not measured'}</small>
      </td>
    );
  }
  const beats = y.baseline !== null && (y.higherIsBetter ? y.mean > y.baseline : y.mean < y.baseline);
  return (
    <td data-yardstick={name}>
      <span className="compare-figure">
        <strong>{formatFigure(name, y.mean)}</strong>
        {/* one seed has no spread to show */}
        {seeds > 1 && <> ± {formatSpread(name, y.spread ?? 0)}</>}
      </span>
      <small>
        {y.baseline !== null && (
          <span className={beats ? 'compare-beats' : 'compare-misses'} title={beats ? 'better than the baseline' : 'not better than the baseline'}>
            baseline {formatFigure(name, y.baseline)}
          </span>
        )}
        {typeof y.randomInit === 'number' && <span title="the same architecture, untrained"> · untrained {formatFigure(name, y.randomInit)}</span>}
      </small>
    </td>
  );
}
