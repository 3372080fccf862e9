import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { GraphDocument } from '../../../engine/core/graph-document.js';
import { backendName, isProcessBackend, resumeBackend, type BackendChoice, type TrainingClient } from './training-client.js';
import { formatEta, formatLoss, formatRate, idleState, inFinalEvaluation, backendLabel, isActive, statusLabel, stepLabel } from './run-state.js';
import { lastStopped, RunHistory } from './run-history.js';
import type { OverlayRun } from './chart-data.js';
import { useRun } from './use-run.js';
import { BACKENDS, loadBackend, parseSteps, saveBackend } from './run-options.js';
import { LossChart } from './LossChart.js';
import { RunErrors, RunOutputs, RunWarnings } from './RunOutputs.js';
import { RunHistoryList, runLabel } from './RunHistoryList.js';
import { savedRunBlock } from './saved-run-check.js';
import { metricAbout, metricLabel, metricValue } from './metric-names.js';
import { registry } from '../document/graph-store.js';
import './run-panel.css';

export interface RunPanelProps {
  client: TrainingClient;
  doc: GraphDocument;
  /** when not null, Run is disabled and this reason is shown (e.g. the graph has errors) */
  diagnosticsBlockRun: string | null;
  /** the optimizer node's steps (its default when unset), null without one: what an empty Steps field means */
  defaultSteps: number | null;
  /** select a node on the canvas (clicking a node named in an error or output) */
  onSelectNode(nodeId: string): void;
  /** where runs are remembered; the app-wide localStorage history when absent */
  history?: RunHistory;
  /** which open document `doc` is: the panel shows a run only while the document it trains is open */
  documentId?: number;
  /** a new value asks to run the open document now (the gallery's "Open and train") */
  startRequest?: number;
}

const IDLE = idleState();

let sharedHistory: RunHistory | null = null;
function defaultHistory(): RunHistory {
  return (sharedHistory ??= new RunHistory());
}

function isTextField(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(el.type);
  return el instanceof HTMLElement && el.isContentEditable;
}

export function RunPanel({ client, doc, diagnosticsBlockRun, defaultSteps, onSelectNode, history = defaultHistory(), documentId = 0, startRequest }: RunPanelProps) {
  const { controller, state: runState, activeRunId } = useRun(client, history);
  const running = isActive(runState.status);
  // The panel belongs to the open graph: another document's run (going on, or over) is not shown
  // here; its results are in that graph's history.
  const mine = controller.owner === documentId;
  const state = mine ? runState : IDLE;
  const active = mine && running;
  const elsewhere = !mine && running ? { name: controller.graphName ?? 'another graph', step: runState.step, totalSteps: runState.totalSteps } : null;
  const runs = useSyncExternalStore(
    history.subscribe,
    () => history.list(doc.name),
  );
  const [chosen, setBackend] = useState<BackendChoice>(loadBackend);
  const offered = client.backends ?? BACKENDS;
  // a choice remembered from where it was offered (tensorflow or pytorch in Electron) falls back to auto here
  const backend: BackendChoice = offered.includes(chosen) ? chosen : 'auto';
  // the steps typed belong to the document they were typed for
  const [stepsEntry, setStepsEntry] = useState({ documentId, text: '' });
  const stepsText = stepsEntry.documentId === documentId ? stepsEntry.text : '';
  const setStepsText = (text: string) => setStepsEntry({ documentId, text });
  const [overlay, setOverlay] = useState<string[]>([]);
  const panelRef = useRef<HTMLDivElement>(null);

  // runs this page is not running but storage says are active were cut off by a reload
  const activeRef = useRef(activeRunId);
  activeRef.current = activeRunId;
  useEffect(() => {
    history.recoverInterrupted(doc.name, new Set(activeRef.current ? [activeRef.current] : []));
  }, [history, doc.name]);

  // overlay picks of another graph (or deleted runs) do not apply
  useEffect(() => setOverlay((o) => (o.every((id) => runs.some((r) => r.id === id)) ? o : o.filter((id) => runs.some((r) => r.id === id)))), [runs]);

  const parsed = parseSteps(stepsText);
  const resumable = lastStopped(runs);
  const blocked =
    diagnosticsBlockRun ??
    parsed.error ??
    (elsewhere ? `“${elsewhere.name}” is still training: stop it first (one run at a time).` : null) ??
    // tensorflow and pytorch train in a process of the desktop app, which reads run folders by path
    (isProcessBackend(backend) ? null : savedRunBlock(doc, registry));
  const canRun = !running && blocked === null;
  const resumeOn = resumable ? resumeBackend(resumable.backend, backend, offered) : null;
  const canResume = canRun && resumeOn !== null;

  const run = useCallback(() => {
    if (!canRun) return;
    setOverlay([]);
    controller.start({ doc, backend, owner: documentId, ...(parsed.steps !== undefined ? { steps: parsed.steps } : {}) });
  }, [canRun, controller, doc, backend, parsed.steps, documentId]);

  const resume = useCallback(() => {
    if (!canResume || !resumable) return;
    setOverlay([]);
    const steps = parsed.steps ?? resumable.totalSteps ?? undefined;
    controller.start({ doc, backend: resumeOn!, owner: documentId, resume: resumable, ...(steps !== undefined ? { steps } : {}) });
  }, [canResume, resumable, resumeOn, controller, doc, parsed.steps, documentId]);

  // another document opened: no overlays of the last one's runs
  useEffect(() => setOverlay([]), [documentId]);

  // "Open and train": run the document just opened. If another graph is training, ask to stop it
  // first (its checkpoint is kept, so it can be resumed), and start once it has stopped.
  const handled = useRef(startRequest);
  const [pending, setPending] = useState<number | null>(null);
  useEffect(() => {
    if (startRequest === undefined || startRequest === handled.current) return;
    handled.current = startRequest;
    if (!running) return run();
    if (confirm(`“${controller.graphName ?? 'Another graph'}” is still training. Stop it (its checkpoint is kept) and train “${doc.name}”?`)) {
      controller.stop();
      setPending(documentId);
    }
  }, [startRequest, run, running, controller, doc.name, documentId]);
  useEffect(() => {
    if (pending === null || running) return;
    setPending(null);
    if (pending === documentId) run();
  }, [pending, running, documentId, run]);

  const chooseBackend = (b: BackendChoice) => {
    setBackend(b);
    saveBackend(b);
  };

  // Ctrl/Cmd+Enter runs, Escape stops: when focus is in the panel, or anywhere but a text field
  const stop = useCallback(() => controller.stop(), [controller]);
  const keys = useRef({ run, stop, active });
  keys.current = { run, stop, active };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const focus = document.activeElement;
      if (!panelRef.current?.contains(focus) && isTextField(focus)) return;
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey) {
        e.preventDefault();
        keys.current.run();
      } else if (e.key === 'Escape' && keys.current.active) {
        e.preventDefault();
        keys.current.stop();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const overlays = useMemo<OverlayRun[]>(
    () =>
      overlay.flatMap((id) => {
        const r = runs.find((x) => x.id === id);
        return r ? [{ id: r.id, label: runLabel(r), lossCurve: r.lossCurve, valCurve: r.valCurve }] : [];
      }),
    [overlay, runs],
  );

  const toggleOverlay = (id: string) => setOverlay((o) => (o.includes(id) ? o.filter((x) => x !== id) : [...o, id]));
  const showTotal = state.status === 'idle' ? (parsed.steps ?? defaultSteps) : state.totalSteps;

  return (
    <div className="run-panel" ref={panelRef} data-status={state.status}>
      <div className="run-controls">
        <button type="button" className="run-primary" data-testid="run-button" onClick={run} disabled={!canRun} title={blocked ?? 'Train this graph (Ctrl+Enter)'}>
          ▶ Run
        </button>
        <button
          type="button"
          data-testid="stop-button"
          onClick={stop}
          disabled={!active || !controller.canStop}
          title={
            state.skipping
              ? 'End the run now: its training process is stopped; the last checkpoint is kept (Esc)'
              : state.status === 'stopping' || inFinalEvaluation(state)
                ? 'Skip the final evaluation and sampling; the checkpoint is still saved (Esc)'
                : 'Stop at the next step and save a checkpoint (Esc)'
          }
        >
          ■ Stop
        </button>
        <button
          type="button"
          data-testid="resume-button"
          onClick={resume}
          disabled={!canResume}
          title={
            !resumable
              ? 'No stopped run of this graph to continue'
              : resumeOn === null
                ? `Run ${runLabel(resumable)} trained on ${resumable.backend}, which this app cannot train on: its checkpoint is in a run folder of the desktop app`
                : `Continue run ${runLabel(resumable)} from step ${resumable.step} on ${backendName(resumeOn)}`
          }
        >
          Resume{resumable ? ` ${runLabel(resumable)}` : ''}
        </button>
        <label className="run-field">
          Backend
          <select data-testid="backend-select" value={backend} onChange={(e) => chooseBackend(e.target.value as BackendChoice)} disabled={active}>
            {offered.map((b) => (
              <option key={b} value={b}>
                {backendName(b)}
              </option>
            ))}
          </select>
        </label>
        <label className="run-field">
          Steps
          <input
            data-testid="steps-input"
            className={parsed.error ? 'run-invalid' : undefined}
            inputMode="numeric"
            size={8}
            value={stepsText}
            placeholder={defaultSteps !== null ? String(defaultSteps) : ''}
            title={defaultSteps !== null ? `Empty: the optimizer node's ${defaultSteps}` : 'Total training steps'}
            aria-invalid={parsed.error ? true : undefined}
            onChange={(e) => setStepsText(e.target.value)}
            disabled={active}
          />
        </label>
      </div>
      {blocked !== null && !active && !elsewhere && (
        <p className="run-blocked" data-testid="run-blocked">
          {blocked}
        </p>
      )}
      {elsewhere && (
        <p className="run-elsewhere" data-testid="run-elsewhere">
          “{elsewhere.name}” is training in the background (step {elsewhere.step} / {elsewhere.totalSteps ?? '?'}); its results go to its own history.{' '}
          <button type="button" data-testid="stop-elsewhere" onClick={stop} disabled={!controller.canStop}>
            {runState.skipping ? 'End it now' : runState.status === 'stopping' ? 'Skip its final evaluation' : 'Stop it'}
          </button>
        </p>
      )}

      <div className="run-statusline" aria-live="polite">
        <span className={`run-badge run-badge-${state.status}`} data-testid="run-status">
          {statusLabel(state)}
        </span>
        <span data-testid="run-step">{state.status === 'idle' ? `step 0 / ${showTotal ?? '?'}` : stepLabel(state)}</span>
        <span>loss {formatLoss(state.loss)}</span>
        {state.valLoss !== null && <span>held-out {formatLoss(state.valLoss)}</span>}
        {/* tokens/s for objectives that read text; samples/s always (an image objective reads no tokens) */}
        {state.tokensPerBatch !== 0 && <span data-testid="run-tokens-rate">{formatRate(state.tokensPerSec)} tokens/s</span>}
        {(state.samplesPerSec !== null || state.tokensPerBatch === 0) && <span data-testid="run-samples-rate">{formatRate(state.samplesPerSec)} samples/s</span>}
        <span>ETA {active ? formatEta(state.etaSeconds) : '—'}</span>
        <span className="run-muted" data-testid="run-backend">
          {state.backend ? `on ${backendLabel(state)}` : `backend: ${backend}`}
        </span>
      </div>
      {state.tried.length > 0 && (
        <ul className="run-tried run-muted" data-testid="run-tried">
          {state.tried.map((t) => (
            <li key={t.backend}>
              {t.backend} did not start: {t.error}
            </li>
          ))}
        </ul>
      )}
      {Object.keys(state.metrics).length > 0 && (
        <div className="run-metrics" data-testid="run-metrics">
          {Object.entries(state.metrics).map(([k, v]) => (
            <span key={k} className="run-metric" data-metric={k} title={metricAbout(k)}>
              {metricLabel(k)} <strong>{metricValue(k, v)}</strong>
            </span>
          ))}
        </div>
      )}

      <RunErrors state={state} doc={doc} onSelectNode={onSelectNode} />
      <RunWarnings state={state} doc={doc} onSelectNode={onSelectNode} />

      <LossChart state={state} overlays={overlays} />
      {overlays.length >= 2 && (
        <p className="run-muted run-overlay-note">
          Comparing {overlays.map((o) => o.label).join(', ')} (solid: training loss, dashed: held-out).{' '}
          <button type="button" className="run-link" onClick={() => setOverlay([])}>
            Back to the live run
          </button>
        </p>
      )}

      <RunOutputs outputs={state.outputs} onSelectNode={onSelectNode} />

      <RunHistoryList
        runs={runs}
        overlay={overlay}
        activeRunId={activeRunId}
        live={{ step: state.step, totalSteps: state.totalSteps, finalLoss: state.loss, valLoss: state.valLoss }}
        onToggleOverlay={toggleOverlay}
        onDelete={(id) => history.delete(doc.name, id)}
        onClear={() => history.clear(doc.name)}
      />
    </div>
  );
}
