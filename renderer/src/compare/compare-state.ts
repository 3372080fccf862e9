import type { RunResult } from '../../../yardsticks/compare-summary.js';
import type { CompareGraphInput, CompareRequest, CompareRunEvent } from './compare-events.js';

/**
 * What the Compare view shows, folded from the worker's compare events: the plan (a run per
 * graph and seed), where each run is, the runs measured so far, and how it ended. Pure and
 * DOM-free, so it is tested in Node; `now` is when the events arrived (for the ETA).
 */

export type CompareStatus = 'idle' | 'starting' | 'running' | 'stopping' | 'done' | 'stopped' | 'failed' | 'crashed' | 'interrupted';

export interface CompareSettings {
  graphs: CompareGraphInput[];
  budgetTokens: number;
  seeds: number;
  backend: CompareRequest['backend'];
}

/** skipped: left out because an earlier seed of its graph failed */
export type RunPhase = 'waiting' | 'training' | 'measuring' | 'measured' | 'failed' | 'skipped';

export interface PlannedRun {
  key: string;
  graph: string;
  seed: number;
  steps: number;
  phase: RunPhase;
  step: number;
  loss: number | null;
  /** the trainer's estimate of the run's training time left */
  etaSeconds: number | null;
  /** the yardstick being measured */
  yardstick: string | null;
  startedAt: number | null;
  /** when training ended and measuring began */
  trainedAt: number | null;
  endedAt: number | null;
  /** measured by an earlier call of the same compare (Continue), not timed by this one */
  kept: boolean;
  /** trained on from a checkpoint of an earlier call (Continue) */
  resumed: boolean;
}

export interface CompareFailure {
  /** what the graph was doing: compiled for the plan (before any run), or a run's training or measuring */
  during: 'planning' | 'training' | 'measuring' | null;
  graph: string | null;
  graphName: string | null;
  nodeId: string | null;
  message: string;
}

export interface CompareState {
  compareId: string | null;
  status: CompareStatus;
  settings: CompareSettings | null;
  backend: string | null;
  tried: { backend: string; error: string }[];
  runs: PlannedRun[];
  /** measured runs, by run key */
  results: Record<string, RunResult>;
  /** what stopped the compare: a graph it could not plan, the worker's crash */
  failure: CompareFailure | null;
  /** runs that failed while the compare went on without their graph */
  runFailures: CompareFailure[];
  startedAt: number | null;
  endedAt: number | null;
}

export function idleCompare(): CompareState {
  return { compareId: null, status: 'idle', settings: null, backend: null, tried: [], runs: [], results: {}, failure: null, runFailures: [], startedAt: null, endedAt: null };
}

export const isComparing = (s: CompareState) => s.status === 'starting' || s.status === 'running' || s.status === 'stopping';

/** A compare begins (or goes on, with the runs it measured before): nothing has arrived yet. */
export function beginCompare(compareId: string, settings: CompareSettings, now: number, previous?: CompareState): CompareState {
  const goOn = previous?.compareId === compareId;
  return {
    ...idleCompare(),
    compareId,
    status: 'starting',
    settings,
    results: goOn ? previous.results : {},
    // failed and left-out runs are tried again (a failed one from its checkpoint)
    runs: goOn ? previous.runs.map((r) => (r.phase === 'measured' ? r : { ...r, phase: 'waiting', yardstick: null, etaSeconds: null })) : [],
    startedAt: now,
  };
}

export function requestStop(s: CompareState): CompareState {
  return isComparing(s) ? { ...s, status: 'stopping' } : s;
}

function patchRun(s: CompareState, index: number, patch: Partial<PlannedRun>): CompareState {
  const run = s.runs[index];
  if (!run) return s;
  const runs = s.runs.slice();
  runs[index] = { ...run, ...patch };
  return { ...s, runs };
}

function fresh(r: { key: string; graph: string; seed: number; steps: number }): PlannedRun {
  return { ...r, phase: 'waiting', step: 0, loss: null, etaSeconds: null, yardstick: null, startedAt: null, trainedAt: null, endedAt: null, kept: false, resumed: false };
}

export function applyCompareEvent(s: CompareState, e: CompareRunEvent, now: number): CompareState {
  switch (e.event) {
    case 'backend':
      return { ...s, backend: e.backend, tried: e.tried, status: s.status === 'starting' ? 'running' : s.status };
    case 'plan':
      // runs measured before keep their phase and timing; the rest start afresh
      return { ...s, runs: e.runs.map((r) => s.runs.find((old) => old.key === r.key && old.phase === 'measured') ?? fresh(r)) };
    case 'run':
      return patchRun(s, e.index, e.stored ? { phase: 'measured', kept: s.runs[e.index]?.startedAt === null } : { phase: 'training', step: 0, startedAt: now, trainedAt: null, endedAt: null, resumed: e.resumed });
    case 'train':
      return patchRun(s, e.index, { phase: 'training', step: e.step, loss: e.loss, etaSeconds: e.etaSeconds });
    case 'measure': {
      const run = s.runs[e.index];
      return patchRun(s, e.index, { phase: 'measuring', yardstick: e.yardstick, trainedAt: run?.trainedAt ?? now });
    }
    case 'result': {
      const run = s.runs[e.index];
      const next = run ? patchRun(s, e.index, { phase: 'measured', yardstick: null, endedAt: run.phase === 'measured' ? run.endedAt : now }) : s;
      return run ? { ...next, results: { ...s.results, [run.key]: e.result } } : next;
    }
    case 'failed': {
      let next = patchRun(s, e.index, { phase: 'failed', yardstick: null, etaSeconds: null, endedAt: now });
      for (const i of e.skipped) next = patchRun(next, i, { phase: 'skipped' });
      return { ...next, runFailures: [...s.runFailures, { during: e.during, graph: e.graph, graphName: e.graphName, nodeId: e.nodeId, message: e.message }] };
    }
    case 'error': {
      const index = s.runs.findIndex((r) => r.phase === 'training' || r.phase === 'measuring');
      const failed = index >= 0 ? patchRun(s, index, { phase: 'failed', endedAt: now }) : s;
      const during = index >= 0 ? (s.runs[index]!.phase as 'training' | 'measuring') : e.graph !== null ? 'planning' : null;
      return { ...failed, status: 'failed', failure: { during, graph: e.graph, graphName: e.graphName, nodeId: e.nodeId, message: e.message }, endedAt: now };
    }
    case 'crash':
      return { ...settleRuns(s), status: 'crashed', failure: { during: null, graph: null, graphName: null, nodeId: null, message: e.message }, endedAt: now };
    case 'done':
      return { ...settleRuns(s), status: e.stopped ? 'stopped' : 'done', endedAt: now };
  }
}

/** Runs cut short go back to waiting: continuing the compare trains them (from their checkpoint). */
function settleRuns(s: CompareState): CompareState {
  return { ...s, runs: s.runs.map((r) => (r.phase === 'training' || r.phase === 'measuring' ? { ...r, phase: 'waiting', yardstick: null, etaSeconds: null } : r)) };
}

export function applyCompareEvents(s: CompareState, events: readonly CompareRunEvent[], now: number): CompareState {
  return events.reduce((acc, e) => applyCompareEvent(acc, e, now), s);
}

/** The state as it was when the page last closed: a compare that was going is now interrupted. */
export function reopened(s: CompareState): CompareState {
  return isComparing(s) ? { ...settleRuns(s), status: 'interrupted' } : s;
}

/** Measured runs in plan order, for the table. */
export function measuredRuns(s: CompareState): RunResult[] {
  return s.runs.flatMap((r) => (s.results[r.key] ? [s.results[r.key]!] : []));
}

/** A stopped, failed, crashed or interrupted compare, or one done with failed runs, can go on where it was. */
export function canContinue(s: CompareState): boolean {
  const unfinished = s.status === 'stopped' || s.status === 'failed' || s.status === 'crashed' || s.status === 'interrupted' || (s.status === 'done' && s.runFailures.length > 0);
  return s.settings !== null && s.compareId !== null && unfinished;
}
