import { z } from 'zod';
import type { RunState, RunStatus } from './run-state.js';
import { isActive } from './run-state.js';
import { xsOf, ysOf, seriesFrom, type Series } from './series.js';
import { storedOutputsSchema, storeOutputs } from './stored-outputs.js';

/**
 * The runs of each graph, kept across reloads: per run its start time, backend, steps, final
 * loss / held-out loss / metrics, status, the last outputs of its output nodes, and a loss curve
 * downsampled to at most 500 points for overlays. The logic is pure functions over arrays of records (tested in Node); `RunHistory`
 * is a thin adapter that reads and writes them as JSON in a key-value store (localStorage).
 */

export const MAX_CURVE_POINTS = 500;
/** runs kept per graph; the oldest go first */
export const MAX_RUNS_PER_GRAPH = 50;

export interface Curve {
  x: number[];
  y: number[];
}

const finiteNumber = z.number().refine(Number.isFinite);
const curveSchema = z.object({ x: z.array(z.number()), y: z.array(z.number()) });
const statusSchema = z.enum(['idle', 'starting', 'running', 'stopping', 'done', 'stopped', 'error', 'crashed']);

export const runRecordSchema = z.object({
  id: z.string().min(1),
  /** 1, 2, 3 ... in the order the graph's runs began: how the list and the chart name them */
  number: z.number().int().min(1),
  graphName: z.string(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  status: statusSchema,
  backend: z.string().nullable(),
  step: z.number(),
  totalSteps: z.number().nullable(),
  finalLoss: finiteNumber.nullable(),
  valLoss: finiteNumber.nullable(),
  metrics: z.record(z.string(), z.number()),
  checkpoint: z.string().nullable(),
  error: z.object({ message: z.string(), nodeId: z.string().nullable() }).nullable(),
  resumedFrom: z.string().optional(),
  lossCurve: curveSchema,
  valCurve: curveSchema,
  /** what its output nodes showed last (sampled text, tables, images), kept with the run */
  outputs: storedOutputsSchema.optional(),
});

export type RunRecord = z.infer<typeof runRecordSchema>;

// ---- pure logic -----------------------------------------------------------------------------

/**
 * At most `max` points that keep the curve's shape (largest-triangle-three-buckets): the first
 * and last points always, then per bucket the point that makes the largest triangle with its
 * neighbours. Non-finite values are dropped first.
 */
export function downsample(xs: ArrayLike<number>, ys: ArrayLike<number>, max: number = MAX_CURVE_POINTS): Curve {
  const x: number[] = [];
  const y: number[] = [];
  const n0 = Math.min(xs.length, ys.length);
  for (let i = 0; i < n0; i++) {
    if (Number.isFinite(xs[i]) && Number.isFinite(ys[i])) {
      x.push(xs[i]!);
      y.push(ys[i]!);
    }
  }
  const n = x.length;
  if (n <= max || max < 3) return max < 3 && n > max ? { x: x.slice(0, max), y: y.slice(0, max) } : { x, y };
  const out: Curve = { x: [x[0]!], y: [y[0]!] };
  const every = (n - 2) / (max - 2);
  let a = 0;
  for (let i = 0; i < max - 2; i++) {
    // the average of the next bucket is the third corner of the triangle
    const nextStart = Math.floor((i + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, n);
    let avgX = 0;
    let avgY = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      avgX += x[j]!;
      avgY += y[j]!;
    }
    const count = Math.max(1, nextEnd - nextStart);
    avgX /= count;
    avgY /= count;
    const start = Math.floor(i * every) + 1;
    const end = Math.floor((i + 1) * every) + 1;
    let best = start;
    let bestArea = -1;
    for (let j = start; j < end; j++) {
      const area = Math.abs((x[a]! - avgX) * (y[j]! - y[a]!) - (x[a]! - x[j]!) * (avgY - y[a]!));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    out.x.push(x[best]!);
    out.y.push(y[best]!);
    a = best;
  }
  out.x.push(x[n - 1]!);
  out.y.push(y[n - 1]!);
  return out;
}

export function curveFromSeries(s: Series, max: number = MAX_CURVE_POINTS): Curve {
  return downsample(xsOf(s), ysOf(s), max);
}

export function seriesFromCurve(c: Curve): Series {
  return seriesFrom(c.x, c.y);
}

export interface RecordMeta {
  id: string;
  number: number;
  graphName: string;
  resumedFrom?: string;
}

/** The history record of a run as its state stands now. */
export function recordFromState(s: RunState, meta: RecordMeta): RunRecord {
  const first = s.errors[0];
  const rec: RunRecord = {
    id: meta.id,
    number: meta.number,
    graphName: meta.graphName,
    startedAt: s.startedAt ?? 0,
    endedAt: s.endedAt,
    status: s.status,
    backend: s.backend,
    step: s.step,
    totalSteps: s.totalSteps,
    finalLoss: s.loss !== null && Number.isFinite(s.loss) ? s.loss : null,
    valLoss: s.valLoss !== null && Number.isFinite(s.valLoss) ? s.valLoss : null,
    metrics: { ...s.metrics },
    checkpoint: s.checkpoint?.path ?? null,
    error: s.crash !== null ? { message: s.crash, nodeId: null } : first ? { message: first.message, nodeId: first.nodeId } : null,
    lossCurve: curveFromSeries(s.lossSeries),
    valCurve: curveFromSeries(s.valSeries),
  };
  if (Object.keys(s.outputs).length) rec.outputs = storeOutputs(s.outputs);
  if (meta.resumedFrom !== undefined) rec.resumedFrom = meta.resumedFrom;
  return rec;
}

/** Newest first; ties by id so the order is stable. */
export function sortRecords(list: readonly RunRecord[]): RunRecord[] {
  return [...list].sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** Add or replace a record (by id), newest first, keeping at most `limit` (never dropping `rec`). */
export function upsertRecord(list: readonly RunRecord[], rec: RunRecord, limit: number = MAX_RUNS_PER_GRAPH): RunRecord[] {
  const sorted = sortRecords([...list.filter((r) => r.id !== rec.id), rec]);
  if (sorted.length <= limit) return sorted;
  const kept = sorted.filter((r) => r.id !== rec.id).slice(0, Math.max(0, limit - 1));
  return sortRecords([...kept, rec]);
}

/** The number for a graph's next run. */
export function nextRunNumber(list: readonly RunRecord[]): number {
  return list.reduce((m, r) => Math.max(m, r.number), 0) + 1;
}

export function removeRecord(list: readonly RunRecord[], id: string): RunRecord[] {
  return list.filter((r) => r.id !== id);
}

/** Parse stored JSON, keeping the records that are well-formed and dropping the rest. */
export function parseRecords(json: string | null): RunRecord[] {
  if (!json) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const out: RunRecord[] = [];
  for (const item of raw) {
    const r = runRecordSchema.safeParse(item);
    if (r.success) out.push(r.data);
  }
  return sortRecords(out);
}

export const INTERRUPTED_MESSAGE = 'The app was closed or reloaded while this run was going; its results up to then are kept.';

/** Runs still marked active in storage belong to a page that is gone: mark them crashed. */
export function markInterrupted(list: readonly RunRecord[], except: ReadonlySet<string> = new Set()): RunRecord[] {
  return list.map((r) =>
    isActive(r.status) && !except.has(r.id)
      ? { ...r, status: 'crashed' as RunStatus, error: r.error ?? { message: INTERRUPTED_MESSAGE, nodeId: null } }
      : r,
  );
}

/** The newest run that was stopped with a checkpoint, which Resume continues. */
export function lastStopped(list: readonly RunRecord[]): RunRecord | null {
  return sortRecords(list).find((r) => r.status === 'stopped' && r.checkpoint !== null) ?? null;
}

export function storageKey(graphName: string): string {
  return `pretrain-lab.runs.v1:${graphName}`;
}

// ---- the storage adapter --------------------------------------------------------------------

/** The part of `Storage` the history uses (localStorage in the app, a Map in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function memoryStore(): KeyValueStore {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
  };
}

function defaultStore(): KeyValueStore {
  try {
    if (typeof localStorage !== 'undefined') return localStorage;
  } catch {
    // storage disabled (privacy settings): keep the history for this session only
  }
  return memoryStore();
}

type Listener = () => void;

export class RunHistory {
  private readonly listeners = new Set<Listener>();
  private readonly cache = new Map<string, RunRecord[]>();

  constructor(private readonly store: KeyValueStore = defaultStore()) {}

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => void this.listeners.delete(l);
  };

  /** Newest first. The same array is returned until the graph's runs change. */
  list(graphName: string): RunRecord[] {
    let list = this.cache.get(graphName);
    if (!list) {
      list = parseRecords(this.store.getItem(storageKey(graphName)));
      this.cache.set(graphName, list);
    }
    return list;
  }

  put(rec: RunRecord): void {
    this.write(rec.graphName, upsertRecord(this.list(rec.graphName), rec));
  }

  delete(graphName: string, id: string): void {
    this.write(graphName, removeRecord(this.list(graphName), id));
  }

  clear(graphName: string): void {
    this.cache.set(graphName, []);
    this.store.removeItem(storageKey(graphName));
    this.emit();
  }

  /** Mark runs left active by a closed page as interrupted (call once, before any run starts). */
  recoverInterrupted(graphName: string, except: ReadonlySet<string> = new Set()): void {
    const list = this.list(graphName);
    const next = markInterrupted(list, except);
    if (next.some((r, i) => r !== list[i])) this.write(graphName, next);
  }

  private write(graphName: string, list: RunRecord[]): void {
    this.cache.set(graphName, list);
    // When storage is full, keep the newest runs that fit rather than losing the write.
    let kept = list;
    for (;;) {
      try {
        this.store.setItem(storageKey(graphName), JSON.stringify(kept));
        break;
      } catch {
        if (kept.length <= 1) break;
        kept = kept.slice(0, Math.ceil(kept.length / 2));
      }
    }
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
