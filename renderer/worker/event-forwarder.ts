import type { RunEvent } from '../src/run/training-client.js';

/**
 * Sends a run's events to the UI as they happen without flooding it: step events that come
 * faster than `intervalMs` are held and sent together (none is dropped: the loss curve keeps
 * every point), and anything else — eval, output, checkpoint, done, error — goes at once,
 * taking any held steps with it so the order is kept. A compare's events go the same way, its
 * `train` events being the frequent ones.
 */
export interface EventForwarder<E = RunEvent> {
  emit(e: E): void;
  /** send what is held, marked as the run's last message; later emits are ignored */
  end(): void;
}

export interface ForwarderOptions<E = RunEvent> {
  send(events: E[], final: boolean): void;
  /** the events that may be held back: `step` by default */
  frequent?(e: E): boolean;
  intervalMs?: number;
  now?(): number;
  setTimer?(fn: () => void, ms: number): unknown;
  clearTimer?(handle: unknown): void;
}

export function createEventForwarder<E extends { event: string } = RunEvent>(opts: ForwarderOptions<E>): EventForwarder<E> {
  const interval = opts.intervalMs ?? 100;
  const frequent = opts.frequent ?? ((e: E) => e.event === 'step');
  const now = opts.now ?? (() => performance.now());
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let held: E[] = [];
  let lastSent = -Infinity;
  let timer: unknown = null;
  let ended = false;

  const flush = (final: boolean) => {
    if (timer !== null) {
      clearTimer(timer);
      timer = null;
    }
    if (!held.length && !final) return;
    const events = held;
    held = [];
    lastSent = now();
    opts.send(events, final);
  };

  return {
    emit(e) {
      if (ended) return;
      held.push(e);
      if (!frequent(e)) return flush(false);
      const wait = lastSent + interval - now();
      if (wait <= 0) return flush(false);
      // a held step must not wait for the next event, which may be many seconds away
      timer ??= setTimer(() => {
        timer = null;
        flush(false);
      }, wait);
    },
    end() {
      if (ended) return;
      ended = true;
      flush(true);
    },
  };
}
