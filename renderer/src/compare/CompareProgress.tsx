import { useEffect, useState } from 'react';
import { shortLabel } from '../../../yardsticks/compare-chart.js';
import { formatEta } from '../run/run-state.js';
import { compareProgress } from './compare-eta.js';
import { isComparing, type CompareState, type PlannedRun } from './compare-state.js';

const STATUS: Record<CompareState['status'], string> = {
  idle: 'Ready',
  starting: 'Starting',
  running: 'Comparing',
  stopping: 'Stopping',
  done: 'Done',
  stopped: 'Stopped',
  failed: 'Failed',
  crashed: 'Crashed',
  interrupted: 'Interrupted',
};

function runText(r: PlannedRun): string {
  switch (r.phase) {
    case 'waiting':
      return r.step > 0 ? `cut at step ${r.step} of ${r.steps}: goes on from its checkpoint` : 'waiting';
    case 'training':
      return `training${r.resumed ? ' (resumed from its checkpoint)' : ''}: step ${r.step} of ${r.steps}${r.loss !== null ? `, loss ${r.loss.toFixed(3)}` : ''}`;
    case 'measuring':
      return `measuring: ${r.yardstick ?? '…'}`;
    case 'measured':
      return r.kept || r.startedAt === null || r.endedAt === null ? 'measured' : `measured (${formatEta((r.endedAt - r.startedAt) / 1000)})`;
    case 'failed':
      return r.step > 0 ? `failed at step ${r.step} of ${r.steps} (see below)` : 'failed (see below)';
    case 'skipped':
      return 'left out: an earlier seed of this graph failed';
  }
}

/** The badge's colour: a compare done with failed runs is marked as one that stopped short. */
function badge(s: CompareState): string {
  if (s.status === 'failed') return 'error';
  if (s.status === 'interrupted' || (s.status === 'done' && s.runFailures.length > 0)) return 'stopped';
  return s.status;
}

/** Where the compare is: status, run k of N, a progress bar, the ETA, and each run's state. */
export function CompareProgress({ state }: { state: CompareState }) {
  const active = isComparing(state);
  // the ETA counts down between events too
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  const p = compareProgress(state, active ? Math.max(now, Date.now()) : (state.endedAt ?? now));
  const current = state.runs.findIndex((r) => r.phase === 'training' || r.phase === 'measuring');
  return (
    <section className="compare-progress" data-testid="compare-progress" aria-label="Progress">
      <div className="compare-statusline" aria-live="polite">
        <span className={`run-badge run-badge-${badge(state)}`} data-testid="compare-status">
          {STATUS[state.status]}
          {state.status === 'done' && state.runFailures.length > 0 && `, ${state.runFailures.length} graph${state.runFailures.length === 1 ? '' : 's'} failed`}
        </span>
        <span data-testid="compare-count">
          {p.measured} of {p.total || '?'} runs measured
          {current >= 0 && ` · run ${current + 1}: ${shortLabel(state.runs[current]!.graph)}, seed ${state.runs[current]!.seed}`}
        </span>
        {active && (
          <span data-testid="compare-eta" title={p.includesMeasuring ? 'from the runs timed so far' : 'no run has been measured yet: this counts training only'}>
            ETA {p.etaSeconds === null ? '—' : formatEta(p.etaSeconds)}
            {p.etaSeconds !== null && !p.includesMeasuring && ' + measuring'}
          </span>
        )}
        {state.backend && <span className="compare-muted">on {state.backend}</span>}
        {state.status === 'stopping' && <span className="compare-muted">stops after this step (or, while measuring, once this run is measured)</span>}
      </div>
      <progress max={1} value={p.fraction} aria-label="Runs done" data-testid="compare-progress-bar" />
      {state.tried.length > 0 && (
        <ul className="compare-muted">
          {state.tried.map((t) => (
            <li key={t.backend}>
              {t.backend} did not start: {t.error}
            </li>
          ))}
        </ul>
      )}
      {state.runs.length > 0 && (
        <ol className="compare-runs" data-testid="compare-runs">
          {state.runs.map((r) => (
            <li key={r.key} data-phase={r.phase} data-testid="compare-run">
              <span className="compare-run-name">
                {shortLabel(r.graph)} <span className="compare-muted">seed {r.seed}</span>
              </span>
              <span>{runText(r)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
