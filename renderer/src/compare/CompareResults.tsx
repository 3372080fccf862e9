import { useMemo } from 'react';
import type { RunResult } from '../../../yardsticks/compare-summary.js';
import { summarize } from '../../../yardsticks/compare-summary.js';
import { compareCsv } from '../../../yardsticks/compare-csv.js';
import { getPlatform } from '../platform/index.js';
import { isCancel } from '../platform/platform.js';
import { viewStore } from '../view/view-store.js';
import type { CompareState } from './compare-state.js';
import { formatTokens } from './compare-settings.js';
import { CompareTable } from './CompareTable.js';
import { YardstickBars } from './YardstickBars.js';
import { CompareCurves } from './CompareCurves.js';

/** The measured runs as the table, a bar chart per yardstick and the loss curves; the table as CSV. */
export function CompareResults({ state, runs }: { state: CompareState; runs: readonly RunResult[] }) {
  // the rows the CLI prints, from the same runs
  const rows = useMemo(() => summarize([...runs]), [runs]);
  const settings = state.settings;
  const exportCsv = async () => {
    try {
      const name = await getPlatform().exportText(compareCsv(rows), 'compare.csv');
      if (name) viewStore.toast(`Saved the table as ${name}`);
    } catch (e) {
      if (!isCancel(e)) viewStore.toast(`The table could not be saved: ${e instanceof Error ? e.message : String(e)}`, 'error');
    }
  };
  return (
    <section className="compare-results" aria-label="Results" data-testid="compare-results">
      <div className="compare-results-head">
        <h3>Results</h3>
        {settings && (
          <span className="compare-muted">
            {formatTokens(settings.budgetTokens)} training tokens a run, {settings.seeds} seed{settings.seeds === 1 ? '' : 's'}
            {state.backend ? `, on ${state.backend}` : ''}
            {state.status !== 'done' && ` — ${runs.length} of ${state.runs.length || '?'} runs measured so far`}
            {state.status === 'done' && state.endedAt !== null && ` — finished ${new Date(state.endedAt).toLocaleString()}`}
          </span>
        )}
        <span className="spacer" />
        <button type="button" data-testid="compare-export-csv" onClick={() => void exportCsv()}>
          Export CSV
        </button>
      </div>
      <CompareTable rows={rows} />
      <p className="compare-muted compare-legend">
        Each cell: mean ± spread (standard deviation) over seeds. Under it, the baseline — what a model that ignores its input scores — in green when the graph
        beats it; for the probe, the same model untrained. In the charts: bars are means, whiskers ± spread, the dashed line the baseline, the grey line the
        untrained model.
      </p>
      <YardstickBars rows={rows} />
      <CompareCurves results={runs} />
    </section>
  );
}
