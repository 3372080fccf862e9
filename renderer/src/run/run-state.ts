import type { EvalOutput } from '../../../engine/registry/define-node.js';
import type { NonFiniteReport } from '../../../engine/compile/program-types.js';
import type { RunEvent } from './training-client.js';
import { appendPoint, emptySeries, type Series } from './series.js';

/**
 * What the run panel shows, computed from the run's events by a reducer. The loss, held-out
 * loss and learning-rate curves are append-only Series (see series.ts): a step event costs O(1),
 * whatever the run's length, and never copies the curve.
 */

export type RunStatus = 'idle' | 'starting' | 'running' | 'stopping' | 'done' | 'stopped' | 'error' | 'crashed';

export const ACTIVE_STATUSES: readonly RunStatus[] = ['starting', 'running', 'stopping'];

export function isActive(status: RunStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

export interface RunError {
  step: number;
  /** the node that caused it, when the engine knows */
  nodeId: string | null;
  port?: string;
  message: string;
  nonFinite?: NonFiniteReport;
}

export interface NodeOutput {
  step: number;
  output: EvalOutput;
}

export interface RunState {
  status: RunStatus;
  runId: string | null;
  startedAt: number | null;
  endedAt: number | null;
  /** the backend the run uses (from the worker's `backend` event, then the engine's) */
  backend: string | null;
  /** backends that failed to start before `backend` did */
  tried: { backend: string; error: string }[];
  /** the GPU the backend runs on, when it runs on one */
  adapter: string | null;
  /** why auto settled on a backend that is not a GPU ("no hardware GPU found ...") */
  backendReason: string | null;
  /** the latest progress message while the run prepares (data, tokenizer) */
  progress: string | null;
  step: number;
  /** the step the run started from (0, or a checkpoint's step when resumed) */
  startStep: number;
  totalSteps: number | null;
  parameters: number | null;
  tokensPerBatch: number | null;
  /** examples (blocks, images, pairs) in a training batch */
  samplesPerBatch: number | null;
  loss: number | null;
  lr: number | null;
  gradNorm: number | null;
  tokensPerSec: number | null;
  samplesPerSec: number | null;
  etaSeconds: number | null;
  valLoss: number | null;
  metrics: Record<string, number>;
  lossSeries: Series;
  valSeries: Series;
  lrSeries: Series;
  /**
   * held-out loss of each objective branch (a UL2 mixture's R, S, X), from the eval metrics
   * named "<branch>.loss", in the order they first appeared
   */
  branchSeries: Record<string, Series>;
  /** the latest output of each eval node, in the order they first reported */
  outputs: Record<string, NodeOutput>;
  checkpoint: { step: number; path: string } | null;
  /** errors in the order reported; the first is the root cause */
  errors: RunError[];
  /** what the data gave nodes to warn about (characters a vocabulary drops); the run goes on */
  warnings: { nodeId: string | null; message: string }[];
  /** the worker itself died (out of memory, GPU device lost) */
  crash: string | null;
  /** the person stopped twice: the final evaluation and outputs are being skipped */
  skipping: boolean;
  /** bumps on every change: cheap change detection for the chart */
  version: number;
}

export function idleState(): RunState {
  return {
    status: 'idle',
    runId: null,
    startedAt: null,
    endedAt: null,
    backend: null,
    tried: [],
    adapter: null,
    backendReason: null,
    progress: null,
    step: 0,
    startStep: 0,
    totalSteps: null,
    parameters: null,
    tokensPerBatch: null,
    samplesPerBatch: null,
    loss: null,
    lr: null,
    gradNorm: null,
    tokensPerSec: null,
    samplesPerSec: null,
    etaSeconds: null,
    valLoss: null,
    metrics: {},
    lossSeries: emptySeries(),
    valSeries: emptySeries(),
    lrSeries: emptySeries(),
    branchSeries: {},
    outputs: {},
    checkpoint: null,
    errors: [],
    warnings: [],
    crash: null,
    skipping: false,
    version: 0,
  };
}

export interface BeginOptions {
  startedAt: number;
  runId?: string | null;
  /** curves of the run being resumed, so its chart continues where it stopped */
  previous?: { loss?: Series; valLoss?: Series };
}

/** The state of a run that was just requested: nothing reported yet. */
export function beginRun(opts: BeginOptions): RunState {
  return {
    ...idleState(),
    status: 'starting',
    runId: opts.runId ?? null,
    startedAt: opts.startedAt,
    lossSeries: opts.previous?.loss ?? emptySeries(),
    valSeries: opts.previous?.valLoss ?? emptySeries(),
    version: 1,
  };
}

export function withRunId(s: RunState, runId: string): RunState {
  return { ...s, runId, version: s.version + 1 };
}

/**
 * The user asked the run to stop; it ends with a `done` (stopped) event. Asked again while it
 * stops, or once its last step is done, the final evaluation and outputs are skipped.
 */
export function requestStop(s: RunState): RunState {
  if (s.status === 'stopping' || inFinalEvaluation(s)) return s.skipping ? s : { ...s, status: 'stopping', skipping: true, etaSeconds: null, version: s.version + 1 };
  if (s.status !== 'starting' && s.status !== 'running') return s;
  return { ...s, status: 'stopping', etaSeconds: null, version: s.version + 1 };
}

/**
 * The run was ended at once (its training process stopped): it is over, stopped, and the last
 * checkpoint it reported is what Resume continues from.
 */
export function endedAtOnce(s: RunState, now: number): RunState {
  return { ...s, status: 'stopped', skipping: false, etaSeconds: null, progress: null, endedAt: s.endedAt ?? now, version: s.version + 1 };
}

/** Every step is done: the trainer evaluates and runs the output nodes before it ends. */
export function inFinalEvaluation(s: RunState): boolean {
  return s.status === 'running' && s.totalSteps !== null && s.step >= s.totalSteps;
}

const TERMINAL: readonly RunStatus[] = ['done', 'stopped', 'error', 'crashed'];

/** `now` stamps the end of a run; pass the event's arrival time. */
export function applyEvent(s: RunState, e: RunEvent, now: number = 0): RunState {
  const version = s.version + 1;
  const ended = TERMINAL.includes(s.status);
  const live: RunStatus = s.status === 'stopping' ? 'stopping' : 'running';
  switch (e.event) {
    case 'backend':
      return { ...s, backend: e.backend, tried: e.tried, adapter: e.adapter ?? null, backendReason: e.reason ?? null, version };
    case 'progress':
      return { ...s, progress: e.message, version };
    case 'start':
      return {
        ...s,
        status: ended ? s.status : live,
        step: e.step,
        startStep: e.step,
        totalSteps: e.totalSteps,
        backend: e.backend,
        parameters: e.parameters,
        tokensPerBatch: e.tokensPerBatch,
        samplesPerBatch: e.samplesPerBatch ?? null,
        progress: null,
        version,
      };
    case 'step': {
      const finite = Number.isFinite(e.loss);
      return {
        ...s,
        status: ended ? s.status : live,
        step: e.step,
        loss: e.loss,
        lr: e.lr,
        gradNorm: e.gradNorm,
        tokensPerSec: e.tokensPerSec,
        samplesPerSec: e.samplesPerSec ?? null,
        etaSeconds: e.etaSeconds,
        // a non-finite loss is shown as a number but kept off the curve (it would break the plot)
        lossSeries: finite ? appendPoint(s.lossSeries, e.step, e.loss) : s.lossSeries,
        lrSeries: Number.isFinite(e.lr) ? appendPoint(s.lrSeries, e.step, e.lr) : s.lrSeries,
        progress: null,
        version,
      };
    }
    case 'eval':
      return {
        ...s,
        valLoss: e.valLoss,
        metrics: e.metrics,
        valSeries: Number.isFinite(e.valLoss) ? appendPoint(s.valSeries, e.step, e.valLoss) : s.valSeries,
        branchSeries: withBranchPoints(s.branchSeries, e.step, e.metrics),
        version,
      };
    case 'warning':
      return { ...s, warnings: [...s.warnings, { nodeId: e.nodeId, message: e.message }], version };
    case 'output':
      return { ...s, outputs: { ...s.outputs, [e.nodeId]: { step: e.step, output: e.output } }, version };
    case 'checkpoint':
      return { ...s, checkpoint: { step: e.step, path: e.path }, version };
    case 'done':
      return {
        ...s,
        status: s.status === 'error' || s.status === 'crashed' ? s.status : e.stopped ? 'stopped' : 'done',
        step: e.step,
        // NaN: no evaluation ran (it was skipped); the last one's figures stand
        valLoss: Number.isNaN(e.valLoss) ? s.valLoss : e.valLoss,
        metrics: e.metrics,
        backend: e.backend,
        checkpoint: e.checkpoint === null ? s.checkpoint : { step: e.step, path: e.checkpoint },
        etaSeconds: null,
        progress: null,
        endedAt: s.endedAt ?? now,
        version,
      };
    case 'error': {
      const err: RunError = { step: e.step, nodeId: e.nodeId, message: e.message };
      if (e.port !== undefined) err.port = e.port;
      if (e.nonFinite !== undefined) err.nonFinite = e.nonFinite;
      return {
        ...s,
        status: s.status === 'crashed' ? s.status : 'error',
        errors: [...s.errors, err],
        etaSeconds: null,
        progress: null,
        endedAt: s.endedAt ?? now,
        version,
      };
    }
    case 'crash':
      return { ...s, status: 'crashed', crash: e.message, etaSeconds: null, progress: null, endedAt: s.endedAt ?? now, version };
    default:
      return s;
  }
}

/** Per-branch held-out losses ("R.loss", ...) appended to their curves. */
function withBranchPoints(series: Record<string, Series>, step: number, metrics: Record<string, number>): Record<string, Series> {
  let out = series;
  for (const [name, value] of Object.entries(metrics)) {
    const branch = /^(.+)\.loss$/.exec(name)?.[1];
    if (!branch || !Number.isFinite(value)) continue;
    if (out === series) out = { ...series };
    out[branch] = appendPoint(out[branch] ?? emptySeries(), step, value);
  }
  return out;
}

export function applyEvents(s: RunState, events: readonly RunEvent[], now: number = 0): RunState {
  for (const e of events) s = applyEvent(s, e, now);
  return s;
}

// ---- formatting for the status line ---------------------------------------------------------

export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

export function formatRate(tokensPerSec: number | null): string {
  if (tokensPerSec === null || !Number.isFinite(tokensPerSec)) return '—';
  if (tokensPerSec >= 10_000) return `${(tokensPerSec / 1000).toFixed(1)}k`;
  // a slow rate (images on a slow backend) keeps a decimal rather than rounding to 0
  if (tokensPerSec < 10 && !Number.isInteger(tokensPerSec)) return tokensPerSec.toFixed(1);
  return Math.round(tokensPerSec).toLocaleString('en-US');
}

export function formatLoss(loss: number | null): string {
  if (loss === null) return '—';
  return Number.isFinite(loss) ? loss.toFixed(4) : String(loss);
}

/**
 * The backend and what it runs on, or why auto chose it: "webgpu — NVIDIA GeForce RTX 3080",
 * "wasm — no hardware GPU found (only a software adapter: SwiftShader)"; null before one starts.
 */
export function backendLabel(s: RunState): string | null {
  if (!s.backend) return null;
  const about = s.adapter ?? s.backendReason;
  return about ? `${s.backend} — ${about}` : s.backend;
}

export function statusLabel(s: RunState): string {
  switch (s.status) {
    case 'idle':
      return 'Ready';
    case 'starting':
      return s.progress ?? (s.backend ? `Starting on ${s.backend}…` : 'Starting…');
    case 'running':
      // the trainer evaluates and runs the output nodes after the last step
      return inFinalEvaluation(s) ? 'Final evaluation and outputs… (Stop skips them)' : 'Training';
    case 'stopping':
      return s.skipping ? 'Skipping the final evaluation… (Stop again ends it at once)' : 'Stopping: it evaluates and samples first (Stop again to skip)';
    case 'done':
      return 'Done';
    case 'stopped':
      return s.checkpoint ? `Stopped at step ${s.checkpoint.step}, checkpoint saved` : 'Stopped';
    case 'error':
      return 'Failed';
    case 'crashed':
      return 'Crashed';
  }
}

export function stepLabel(s: RunState): string {
  return `step ${s.step} / ${s.totalSteps ?? '?'}`;
}
