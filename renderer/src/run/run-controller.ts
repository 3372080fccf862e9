import type { GraphDocument } from '../../../engine/core/graph-document.js';
import type { BackendChoice, RunEvent, RunHandle, TrainingClient } from './training-client.js';
import { applyEvents, beginRun, endedAtOnce, idleState, isActive, requestStop, withRunId, type RunState } from './run-state.js';
import { nextRunNumber, recordFromState, seriesFromCurve, type RunHistory, type RunRecord } from './run-history.js';

export interface StartOptions {
  doc: GraphDocument;
  backend: BackendChoice;
  steps?: number;
  /** continue this stopped run from its checkpoint */
  resume?: RunRecord;
  /** which open document the run belongs to (the panel shows it only while that one is open) */
  owner?: unknown;
}

/** Calls `flush` soon; returns a cancel function. */
export type Schedule = (flush: () => void) => () => void;

/** Once an animation frame, or after 250 ms when the page is hidden and frames stop. */
export const frameSchedule: Schedule = (flush) => {
  const frame = requestAnimationFrame(flush);
  const timeout = setTimeout(flush, 250);
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timeout);
  };
};

interface Meta {
  id: string;
  number: number;
  graphName: string;
  resumedFrom?: string;
}

/** Events that change what the history keeps: persist after a batch holding one of them. */
const PERSIST_ON = new Set<RunEvent['event']>(['backend', 'start', 'eval', 'output', 'checkpoint', 'done', 'error', 'crash']);

/**
 * One run at a time through a TrainingClient, without React. Events are queued as they arrive
 * and folded into the state by one `schedule`d flush, so a fast run updates listeners at most
 * once a frame. The run's history record is written when it starts, after evals, checkpoints,
 * and when it ends. A run whose `finished` settles while it still looks active is a crash.
 */
export class RunController {
  private state: RunState = idleState();
  private queue: RunEvent[] = [];
  private cancelFlush: (() => void) | null = null;
  private handle: RunHandle | null = null;
  private meta: Meta | null = null;
  /** identifies the current run: late events and settlements of earlier runs are ignored */
  private token: object | null = null;
  private readonly listeners = new Set<() => void>();
  /** the open document the current (or last) run belongs to */
  private runOwner: unknown = undefined;
  private runGraphName: string | null = null;

  constructor(
    private readonly client: TrainingClient,
    private readonly history: RunHistory,
    private readonly schedule: Schedule = frameSchedule,
    private readonly now: () => number = Date.now,
  ) {}

  getState = (): RunState => this.state;

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => void this.listeners.delete(l);
  };

  get owner(): unknown {
    return this.runOwner;
  }

  /** the name of the graph the current (or last) run trains */
  get graphName(): string | null {
    return this.runGraphName;
  }

  get activeRunId(): string | null {
    return isActive(this.state.status) ? this.state.runId : null;
  }

  private commit(s: RunState, persist: boolean): void {
    this.state = s;
    if (persist && this.meta) this.history.put(recordFromState(s, this.meta));
    for (const l of this.listeners) l();
  }

  /** Fold the queued events into the state now. */
  flush = (): void => {
    this.cancelFlush?.();
    this.cancelFlush = null;
    const events = this.queue;
    if (events.length === 0) return;
    this.queue = [];
    this.commit(applyEvents(this.state, events, this.now()), events.some((e) => PERSIST_ON.has(e.event)));
  };

  start(opts: StartOptions): void {
    if (isActive(this.state.status)) return;
    this.flush();
    const { doc, resume } = opts;
    const startedAt = this.now();
    let s = beginRun({
      startedAt: resume?.startedAt ?? startedAt,
      previous: resume ? { loss: seriesFromCurve(resume.lossCurve), valLoss: seriesFromCurve(resume.valCurve) } : undefined,
    });
    // a resumed run shows its last held-out figures until it evaluates again
    if (resume) s = { ...s, valLoss: resume.valLoss, metrics: { ...resume.metrics } };
    const token = {};
    this.token = token;
    this.runOwner = opts.owner;
    this.runGraphName = doc.name;
    this.meta = null;
    this.handle = null;
    this.commit(s, false);
    let handle: RunHandle;
    try {
      handle = this.client.start(
        {
          doc,
          backend: opts.backend,
          ...(opts.steps !== undefined ? { steps: opts.steps } : {}),
          ...(resume ? { resumeRunId: resume.id } : {}),
        },
        (e) => {
          if (this.token !== token) return; // a late event of an earlier run
          this.queue.push(e);
          this.cancelFlush ??= this.schedule(this.flush);
        },
      );
    } catch (err) {
      this.queue = [];
      this.commit(applyEvents(s, [{ event: 'crash', message: err instanceof Error ? err.message : String(err) }], this.now()), false);
      return;
    }
    this.handle = handle;
    const sameRecord = resume !== undefined && handle.runId === resume.id;
    this.meta = {
      id: handle.runId,
      number: sameRecord ? resume.number : nextRunNumber(this.history.list(doc.name)),
      graphName: doc.name,
      ...(resume && !sameRecord ? { resumedFrom: resume.id } : {}),
    };
    if (resume && !sameRecord) s = { ...s, startedAt };
    this.commit(withRunId(s, handle.runId), true);
    // a client that reports synchronously has queued events already: fold them in now
    this.flush();
    handle.finished.then(
      () => this.settle(token, null),
      (err: unknown) => this.settle(token, err instanceof Error ? err.message : String(err)),
    );
  }

  private settle(token: object, failure: string | null): void {
    if (this.token !== token) return;
    this.flush();
    if (isActive(this.state.status)) {
      const message = failure ?? 'The training process ended without reporting a result.';
      this.commit(applyEvents(this.state, [{ event: 'crash', message }], this.now()), true);
    }
    this.handle = null;
  }

  /**
   * Ask the run to stop at the next step; it saves a checkpoint and ends `stopped`. Asked again
   * (or once no step is left), it skips the final evaluation and outputs.
   */
  stop(): void {
    if (!this.handle || !isActive(this.state.status)) return;
    this.flush();
    if (this.state.skipping) return this.kill();
    const next = requestStop(this.state);
    if (next === this.state) return;
    this.commit(next, false);
    this.handle.stop();
  }

  /**
   * A third Stop: end the run at once where the client can (the worker is terminated). It is
   * recorded as stopped, with the last checkpoint it reported; nothing it sends later counts.
   */
  private kill(): void {
    const handle = this.handle;
    if (!handle?.kill) return;
    this.token = null;
    this.queue = [];
    this.handle = null;
    handle.kill();
    this.commit(endedAtOnce(this.state, this.now()), true);
  }

  /** Whether Stop can still do something: stop, skip the final evaluation, or end the run at once. */
  get canStop(): boolean {
    return !!this.handle && isActive(this.state.status) && (!this.state.skipping || !!this.handle.kill);
  }

  /** The panel closed: stop a run nobody could stop any more (its events are still recorded). */
  detach(): void {
    if (this.handle && isActive(this.state.status)) this.handle.stop();
  }
}
