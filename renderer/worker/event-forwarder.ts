import type { RunEvent } from '../src/run/training-client.js';

/**
 * Sends a run's events to the UI as they happen without flooding it: step events that come
 * faster than `intervalMs` are held and sent together (none is dropped: the loss curve keeps
 * every point), and anything else — eval, output, checkpoint, done, error — goes at once,
 * taking any held steps with it so the order is kept.
 */
export interface EventForwarder {
  emit(e: RunEvent): void;
  /** send what is held, marked as the run's last message; later emits are ignored */
  end(): void;
}

export interface ForwarderOptions {
  send(events: RunEvent[], final: boolean): void;
  intervalMs?: number;
  now?(): number;
  setTimer?(fn: () => void, ms: number): unknown;
  clearTimer?(handle: unknown): void;
}

export function createEventForwarder(opts: ForwarderOptions): EventForwarder {
  const interval = opts.intervalMs ?? 100;
  const now = opts.now ?? (() => performance.now());
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let held: RunEvent[] = [];
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
      if (e.event !== 'step') return flush(false);
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
