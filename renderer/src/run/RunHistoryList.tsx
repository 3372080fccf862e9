import { useState } from 'react';
import type { RunRecord } from './run-history.js';
import { formatLoss } from './run-state.js';
import { OVERLAY_COLORS } from './chart-data.js';
import { loadOutputs } from './stored-outputs.js';
import { metricLabel, metricValue } from './metric-names.js';
import { OutputBody } from './RunOutputs.js';

export interface RunHistoryListProps {
  runs: readonly RunRecord[];
  /** ids of the runs overlaid on the chart, in the order chosen */
  overlay: readonly string[];
  activeRunId: string | null;
  /** the active run's figures, newer than its stored record */
  live?: Pick<RunRecord, 'step' | 'totalSteps' | 'finalLoss' | 'valLoss'> | undefined;
  onToggleOverlay(id: string): void;
  onDelete(id: string): void;
  onClear(): void;
}

export function runLabel(r: RunRecord): string {
  return `#${r.number}`;
}

function when(ms: number): string {
  const d = new Date(ms);
  const today = new Date();
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return d.toDateString() === today.toDateString() ? time : `${d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${time}`;
}

const STATUS_TEXT: Record<RunRecord['status'], string> = {
  idle: 'idle',
  starting: 'starting',
  running: 'running',
  stopping: 'stopping',
  done: 'done',
  stopped: 'stopped',
  error: 'failed',
  crashed: 'crashed',
};

function metricsText(m: Record<string, number>): string {
  return Object.entries(m)
    .map(([k, v]) => `${metricLabel(k)} ${metricValue(k, v)}`)
    .join(' · ');
}

/** The graph's earlier runs: final figures, overlay checkboxes, delete. */
export function RunHistoryList({ runs, overlay, activeRunId, live, onToggleOverlay, onDelete, onClear }: RunHistoryListProps) {
  const [confirmClear, setConfirmClear] = useState(false);
  const [shown, setShown] = useState<string | null>(null);
  return (
    <section className="run-history" data-testid="run-history" aria-label="Runs of this graph">
      <header className="run-history-head">
        <strong>Runs</strong>
        <span className="run-muted">{runs.length === 0 ? 'none yet' : overlay.length < 2 ? 'tick two or more to compare' : `comparing ${overlay.length}`}</span>
        {runs.length > 0 &&
          (confirmClear ? (
            <span className="run-history-confirm">
              <button type="button" className="run-danger" data-testid="run-history-clear-confirm" onClick={() => (setConfirmClear(false), onClear())} disabled={activeRunId !== null}>
                Delete all {runs.length}
              </button>
              <button type="button" onClick={() => setConfirmClear(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button type="button" data-testid="run-history-clear" onClick={() => setConfirmClear(true)} disabled={activeRunId !== null}>
              Clear…
            </button>
          ))}
      </header>
      <ul>
        {runs.map((stored) => {
          const pos = overlay.indexOf(stored.id);
          const active = stored.id === activeRunId;
          const r = active && live ? { ...stored, ...live, finalLoss: live.finalLoss ?? stored.finalLoss, valLoss: live.valLoss ?? stored.valLoss } : stored;
          return (
            <li key={r.id} className="run-history-item" data-testid="run-history-item" data-run-id={r.id} data-status={r.status}>
              <label className="run-history-pick" title="Overlay this run's curves on the chart">
                <input type="checkbox" data-testid="run-history-overlay" checked={pos >= 0} onChange={() => onToggleOverlay(r.id)} />
                <span className="run-swatch" style={{ background: pos >= 0 ? OVERLAY_COLORS[pos % OVERLAY_COLORS.length] : 'transparent' }} />
                <strong>{runLabel(r)}</strong>
              </label>
              <span className="run-muted">{when(r.startedAt)}</span>
              <span className={`run-badge run-badge-${r.status}`}>{active ? 'running' : STATUS_TEXT[r.status]}</span>
              <span>
                step {r.step}
                {r.totalSteps !== null ? ` / ${r.totalSteps}` : ''}
              </span>
              <span title="final training loss">loss {formatLoss(r.finalLoss)}</span>
              <span title="final held-out loss">held-out {formatLoss(r.valLoss)}</span>
              <span className="run-muted">{r.backend ?? ''}</span>
              {r.outputs && Object.keys(r.outputs).length > 0 && (
                <button
                  type="button"
                  className="run-link"
                  data-testid="run-history-show-outputs"
                  aria-expanded={shown === r.id}
                  title="What this run's output nodes showed at its end"
                  onClick={() => setShown(shown === r.id ? null : r.id)}
                >
                  {shown === r.id ? 'hide outputs' : 'outputs'}
                </button>
              )}
              <button type="button" className="run-history-delete" data-testid="run-history-delete" title={`Delete run ${runLabel(r)}`} aria-label={`Delete run ${runLabel(r)}`} disabled={active} onClick={() => onDelete(r.id)}>
                ✕
              </button>
              {(Object.keys(r.metrics).length > 0 || r.error) && (
                <div className="run-history-extra">
                  {r.error ? <span className="run-history-err">{r.error.nodeId ? `node ${r.error.nodeId}: ` : ''}{r.error.message}</span> : <span className="run-muted">{metricsText(r.metrics)}</span>}
                </div>
              )}
              {shown === r.id && r.outputs && (
                <div className="run-history-outputs" data-testid="run-history-outputs">
                  {Object.entries(loadOutputs(r.outputs)).map(([nodeId, { step, output }]) => (
                    <article key={nodeId} className="run-output">
                      <header>
                        <strong>{output.title}</strong> <span className="run-muted">from {nodeId} at step {step}</span>
                      </header>
                      <OutputBody output={output} />
                    </article>
                  ))}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
