import type { CompareHandle, CompareRequest, CompareRunEvent } from './compare-events.js';
import { applyCompareEvents, beginCompare, canContinue, idleCompare, isComparing, requestStop, type CompareSettings, type CompareState } from './compare-state.js';
import { frameSchedule, type Schedule } from '../run/run-controller.js';

/**
 * One compare at a time through the training worker, without React (so it goes on while the
 * view is closed). Events are folded in once a frame; the state is saved when a run starts or is
 * measured and when the compare ends, so reopening the app shows the last comparison.
 */

export interface CompareRunner {
  compare(req: CompareRequest, onEvent: (e: CompareRunEvent) => void): CompareHandle;
}

export interface ComparisonStorage {
  save(state: CompareState): Promise<void>;
  load(): Promise<{ state: CompareState | null; problem?: string }>;
}

const SAVE_ON = new Set<CompareRunEvent['event']>(['plan', 'run', 'result', 'failed', 'error', 'done', 'crash']);

export function newCompareId(): string {
  return `compare-${Date.now().toString(36)}-${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
}

export class CompareController {
  private state: CompareState = idleCompare();
  private queue: CompareRunEvent[] = [];
  private cancelFlush: (() => void) | null = null;
  private handle: CompareHandle | null = null;
  private readonly listeners = new Set<() => void>();
  /** why the last comparison could not be read back or saved, for the view to say */
  storageProblem: string | null = null;
  private loaded: Promise<void> | null = null;

  constructor(
    private readonly runner: CompareRunner,
    private readonly storage: ComparisonStorage,
    private readonly schedule: Schedule = frameSchedule,
    private readonly now: () => number = Date.now,
  ) {}

  getState = (): CompareState => this.state;

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => void this.listeners.delete(l);
  };

  private set(s: CompareState): void {
    this.state = s;
    for (const l of this.listeners) l();
  }

  /** Read the last comparison once; a compare started meanwhile wins over it. */
  load(): Promise<void> {
    this.loaded ??= this.storage.load().then(
      ({ state, problem }) => {
        if (problem) this.storageProblem = problem;
        if (state && this.state.status === 'idle') this.set(state);
        else if (problem) this.set({ ...this.state });
      },
      (e: unknown) => {
        this.storageProblem = `the last comparison could not be read: ${e instanceof Error ? e.message : String(e)}`;
        this.set({ ...this.state });
      },
    );
    return this.loaded;
  }

  start(settings: CompareSettings): void {
    if (isComparing(this.state)) return;
    this.run(newCompareId(), settings);
  }

  /** Go on with a compare that was stopped, failed or cut short: its measured runs are kept. */
  continue(): void {
    const s = this.state;
    if (!canContinue(s) || !s.settings || !s.compareId) return;
    this.run(s.compareId, s.settings);
  }

  stop(): void {
    if (!isComparing(this.state) || !this.handle) return;
    this.handle.stop();
    this.set(requestStop(this.state));
  }

  private run(compareId: string, settings: CompareSettings): void {
    const previous = this.state;
    this.queue = [];
    this.set(beginCompare(compareId, settings, this.now(), previous));
    const completed = previous.compareId === compareId ? previous.results : {};
    const handle = this.runner.compare({ compareId, ...settings, completed }, (e) => this.receive(handle, e));
    this.handle = handle;
    this.persist();
    void handle.finished.then(() => {
      if (this.handle !== handle) return;
      this.flush();
      this.handle = null;
      // the worker went without a last word: the compare is over all the same
      if (isComparing(this.state)) this.receive(handle, { event: 'crash', message: 'the training worker ended the compare without saying why' });
      this.flush();
    });
  }

  private receive(handle: CompareHandle | null, e: CompareRunEvent): void {
    if (handle !== null && this.handle !== null && handle !== this.handle) return;
    this.queue.push(e);
    this.cancelFlush ??= this.schedule(() => this.flush());
  }

  private flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = null;
    if (!this.queue.length) return;
    const events = this.queue;
    this.queue = [];
    const next = applyCompareEvents(this.state, events, this.now());
    // a Stop asked for holds until the compare says it has stopped
    this.set(this.state.status === 'stopping' && next.status === 'running' ? { ...next, status: 'stopping' } : next);
    if (events.some((e) => SAVE_ON.has(e.event))) this.persist();
  }

  private persist(): void {
    this.storage.save(this.state).then(
      () => {
        if (this.storageProblem?.startsWith('the comparison could not be saved')) this.storageProblem = null;
      },
      (e: unknown) => {
        this.storageProblem = `the comparison could not be saved: ${e instanceof Error ? e.message : String(e)}`;
        this.set({ ...this.state });
      },
    );
  }
}
