/**
 * Dawn's Node binding learns that the GPU has finished (a buffer mapped for a read, work done) by
 * polling: while anything is pending, its native code calls the global `setImmediate` with a
 * native callback that processes events and schedules itself again. Every read of a loss is such
 * a wait, and the loop takes a whole core for as long as the GPU works. On SwiftShader, a CPU
 * emulation that wants every core, that made a training step about 1.5x slower: the shrunk causal
 * LM (test/support/tiny-graphs.ts) took 330 ms a step on 2 cores with Dawn's polling, 215 without.
 *
 * So Dawn's polls run at full speed for the first BUSY_MS of a wait (an answer that quick keeps
 * its latency) and then once a millisecond, through a timer. A wait starts where Dawn schedules
 * a poll from outside a poll (a read asked for) and goes on while each poll schedules the next.
 * Only nameless native callbacks that take no argument are Dawn's: JavaScript functions, bound
 * ones and promise resolvers (native, nameless, one argument) go to the real setImmediate.
 */
export const BUSY_MS = 2;

type Callback = (...args: unknown[]) => void;

export interface PollingClock {
  now(): number;
  immediate(fn: Callback, ...args: unknown[]): unknown;
  later(fn: Callback, ...args: unknown[]): unknown;
}

const NATIVE = /^function\s*\(\)\s*\{\s*\[native code\]\s*\}$/;

export function isDawnPoll(fn: unknown): fn is Callback {
  return typeof fn === 'function' && fn.name === '' && fn.length === 0 && NATIVE.test(Function.prototype.toString.call(fn));
}

/** A setImmediate that spaces out Dawn's polls once a wait has gone on for BUSY_MS. */
export function pacedSetImmediate(clock: PollingClock, isPoll: (fn: unknown) => fn is Callback = isDawnPoll): (fn: Callback, ...args: unknown[]) => unknown {
  let waitStarted = 0;
  let polling = false;
  return (fn, ...args) => {
    if (!isPoll(fn)) return clock.immediate(fn, ...args);
    const now = clock.now();
    if (!polling) waitStarted = now;
    const poll: Callback = (...a) => {
      polling = true;
      try {
        fn(...a);
      } finally {
        polling = false;
      }
    };
    return now - waitStarted < BUSY_MS ? clock.immediate(poll, ...args) : clock.later(poll, ...args);
  };
}

const PACED = Symbol.for('pretrain-lab.dawnPollsPaced');

type Scheduler = (fn: Callback, ...args: unknown[]) => unknown;

/** Install the paced setImmediate in this process (once); Dawn looks the global up at every poll. */
export function paceDawnPolling(): void {
  const g = globalThis as unknown as Record<string | symbol, unknown> & { setImmediate: Scheduler; clearImmediate: (handle: unknown) => void };
  if (g[PACED]) return;
  const original = g.setImmediate;
  const originalClear = g.clearImmediate;
  // a poll put on a timer has a timer's handle: clearImmediate on it must clear that timer
  const timers = new WeakSet<object>();
  const paced = pacedSetImmediate({
    now: () => performance.now(),
    immediate: (fn, ...args) => original(fn, ...args),
    later: (fn, ...args) => {
      const timer: unknown = setTimeout(fn, 1, ...args);
      if (typeof timer === 'object' && timer !== null) timers.add(timer);
      return timer;
    },
  });
  // keeps setImmediate's own properties (util.promisify's custom form) on the replacement
  g.setImmediate = Object.assign(paced, original);
  g.clearImmediate = Object.assign((handle: unknown) => (typeof handle === 'object' && handle !== null && timers.has(handle) ? clearTimeout(handle as never) : originalClear(handle)), originalClear);
  g[PACED] = true;
}
