import type { CompareState, PlannedRun } from './compare-state.js';

/**
 * How far a compare has got and how long it has left. Every run trains on the same number of
 * tokens, so a run's time is estimated from the runs timed so far — the same graph's when one
 * was timed, else any graph's — and the run in progress from the trainer's own ETA plus the
 * measuring it still has to do. Until a run has been measured, measuring time is unknown: the
 * estimate then counts training only and says so.
 */

export interface CompareProgress {
  /** runs measured, of `total` */
  measured: number;
  total: number;
  /** 0..1: measured runs plus the training done of the one in progress */
  fraction: number;
  /** seconds left; null before anything has been timed */
  etaSeconds: number | null;
  /** false while no run has been measured yet: the ETA leaves measuring out */
  includesMeasuring: boolean;
}

interface Timed {
  graph: string;
  train: number;
  measure: number;
}

function timed(runs: readonly PlannedRun[]): Timed[] {
  return runs.flatMap((r) =>
    r.phase === 'measured' && !r.kept && r.startedAt !== null && r.trainedAt !== null && r.endedAt !== null
      ? [{ graph: r.graph, train: (r.trainedAt - r.startedAt) / 1000, measure: (r.endedAt - r.trainedAt) / 1000 }]
      : [],
  );
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function compareProgress(s: CompareState, now: number): CompareProgress {
  const total = s.runs.length;
  const measured = s.runs.filter((r) => r.phase === 'measured').length;
  // a failed or left-out run is over too: the bar fills, the ETA counts it no more
  const over = measured + s.runs.filter((r) => r.phase === 'failed' || r.phase === 'skipped').length;
  const current = s.runs.find((r) => r.phase === 'training' || r.phase === 'measuring');
  const done = timed(s.runs);
  const measureEach = done.length ? mean(done.map((t) => t.measure)) : null;
  // how much of a run is training, as the timed runs split it (half, before any was timed)
  const trainEach = done.length ? mean(done.map((t) => t.train)) : null;
  const share = trainEach !== null && measureEach !== null && trainEach + measureEach > 0 ? trainEach / (trainEach + measureEach) : 0.5;
  let currentShare = 0;
  if (current?.phase === 'training') currentShare = share * (current.steps > 0 ? current.step / current.steps : 0);
  else if (current?.phase === 'measuring') {
    const measuring = current.trainedAt !== null && measureEach ? Math.min(0.95, (now - current.trainedAt) / 1000 / measureEach) : 0;
    currentShare = share + (1 - share) * measuring;
  }
  const fraction = total === 0 ? 0 : Math.min(1, (over + currentShare) / total);
  // what the run in progress has left, and what its training takes in all (for runs not yet timed)
  let currentLeft = 0;
  let currentTrain: number | null = null;
  if (current?.phase === 'training' && current.etaSeconds !== null && Number.isFinite(current.etaSeconds) && current.startedAt !== null) {
    currentLeft = current.etaSeconds + (measureEach ?? 0);
    currentTrain = (now - current.startedAt) / 1000 + current.etaSeconds;
  } else if (current?.phase === 'measuring' && current.trainedAt !== null) {
    currentLeft = Math.max(0, (measureEach ?? 0) - (now - current.trainedAt) / 1000);
    if (current.startedAt !== null) currentTrain = (current.trainedAt - current.startedAt) / 1000;
  }
  const estimate = (graph: string): number | null => {
    const same = done.filter((t) => t.graph === graph);
    const pool = same.length ? same : done;
    if (pool.length) return mean(pool.map((t) => t.train + t.measure));
    return currentTrain;
  };
  let eta: number | null = current || over < total ? currentLeft : 0;
  for (const r of s.runs) {
    if (r.phase !== 'waiting') continue;
    const e = estimate(r.graph);
    if (e === null) {
      eta = null;
      break;
    }
    eta = (eta ?? 0) + e;
  }
  return { measured, total, fraction, etaSeconds: eta, includesMeasuring: measureEach !== null };
}
