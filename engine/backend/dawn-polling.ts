/**
 * Dawn's Node binding learns that the GPU has finished (a buffer mapped for a read, work done) by
 * polling: while anything is pending, its native code calls the global `setImmediate` with a
 * native callback that processes events and schedules itself again. Every read of a loss is such
 * a wait, and the loop takes a whole core for as long as the GPU works. On SwiftShader, a CPU
 * emulation that wants every core, that made a training step about 1.5x slower: the shrunk causal
 * LM (test/support/tiny-graphs.ts) took 330 ms a step on 2 cores with Dawn's polling, 215 without.
 *
 * So Dawn's polls run at full speed for the first BUSY_MS of a wait (an answer that quick keeps
 * its latency) and then once a millisecond, through a timer. Only nameless native callbacks are
 * Dawn's: JavaScript functions, bound ones included, go to the real setImmediate untouched.
 */
export const BUSY_MS = 2;
/** polls further apart than this belong to different waits */
const SAME_WAIT_MS = 10;

type Callback = (...args: unknown[]) => void;

export interface PollingClock {
  now(): number;
  immediate(fn: Callback, ...args: unknown[]): unknown;
  later(fn: Callback, ...args: unknown[]): unknown;
}

const NATIVE = /^function\s*\(\)\s*\{\s*\[native code\]\s*\}$/;

export function isDawnPoll(fn: unknown): fn is Callback {
  return typeof fn === 'function' && fn.name === '' && NATIVE.test(Function.prototype.toString.call(fn));
}

/** A setImmediate that spaces out Dawn's polls once a wait has gone on for BUSY_MS. */
export function pacedSetImmediate(clock: PollingClock): (fn: Callback, ...args: unknown[]) => unknown {
  let waitStarted = -Infinity;
  let lastPoll = -Infinity;
  return (fn, ...args) => {
    if (!isDawnPoll(fn)) return clock.immediate(fn, ...args);
    const now = clock.now();
    if (now - lastPoll > SAME_WAIT_MS) waitStarted = now;
    lastPoll = now;
    return now - waitStarted < BUSY_MS ? clock.immediate(fn, ...args) : clock.later(fn, ...args);
  };
}

const PACED = Symbol.for('pretrain-lab.dawnPollsPaced');

/** Install the paced setImmediate in this process (once); Dawn looks the global up at every poll. */
export function paceDawnPolling(): void {
  const g = globalThis as unknown as Record<string | symbol, unknown> & { setImmediate: (fn: Callback, ...args: unknown[]) => unknown };
  if (g[PACED]) return;
  const original = g.setImmediate;
  const paced = pacedSetImmediate({
    now: () => performance.now(),
    immediate: (fn, ...args) => original(fn, ...args),
    later: (fn, ...args) => setTimeout(fn, 1, ...args),
  });
  // keeps setImmediate's own properties (util.promisify's custom form) on the replacement
  g.setImmediate = Object.assign(paced, original);
  g[PACED] = true;
}
