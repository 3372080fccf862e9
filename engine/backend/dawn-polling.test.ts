import { describe, expect, it } from 'vitest';
import { BUSY_MS, isDawnPoll, pacedSetImmediate } from './dawn-polling.js';

describe("Dawn's polls", () => {
  it('are told apart from JavaScript callbacks, bound ones and promise resolvers included', () => {
    // a nameless native function that takes no argument, as Dawn's polls are (Function.prototype is one)
    expect(isDawnPoll(Function.prototype)).toBe(true);
    expect(isDawnPoll(() => {})).toBe(false);
    expect(isDawnPoll(function named() {})).toBe(false);
    expect(isDawnPoll((() => {}).bind(null))).toBe(false);
    expect(isDawnPoll(Math.max)).toBe(false);
    let resolver: unknown;
    void new Promise((resolve) => (resolver = resolve));
    expect(isDawnPoll(resolver)).toBe(false);
  });

  /**
   * Dawn as its binding behaves: asked for a read, it schedules a poll; each poll, while the
   * answer is not there yet, schedules the next. The clock runs what was scheduled, in order.
   */
  function simulation() {
    let t = 0;
    const log: string[] = [];
    const queue: { fn: () => void; at: number; kind: 'at once' | 'timer' }[] = [];
    const polls = new WeakSet<object>();
    const isPoll = (fn: unknown): fn is () => void => typeof fn === 'function' && polls.has(fn);
    const setImmediate = pacedSetImmediate(
      {
        now: () => t,
        immediate: (fn) => queue.push({ fn: fn as () => void, at: t, kind: 'at once' }),
        later: (fn) => queue.push({ fn: fn as () => void, at: t + 1, kind: 'timer' }),
      },
      isPoll,
    );
    /** A read that Dawn answers `ms` after it is asked for, each poll taking `pollMs`. */
    const read = (ms: number, pollMs = 0.25) => {
      const answered = t + ms;
      const poll = () => {
        t += pollMs;
        if (t < answered) setImmediate(poll);
      };
      polls.add(poll);
      setImmediate(poll);
      while (queue.length) {
        const next = queue.shift()!;
        t = Math.max(t, next.at);
        log.push(next.kind);
        next.fn();
      }
    };
    return { read, log, wait: (ms: number) => (t += ms) };
  }

  it('run at once for the first BUSY_MS of a wait, then once a millisecond', () => {
    const sim = simulation();
    sim.read(5);
    const timers = sim.log.filter((l) => l === 'timer').length;
    const atOnce = sim.log.filter((l) => l === 'at once').length;
    // 0.25 ms polls: 8 at once fill BUSY_MS, then about one timer a millisecond for the rest
    expect(atOnce).toBe(BUSY_MS / 0.25);
    expect(timers).toBeGreaterThanOrEqual(2);
    expect(timers).toBeLessThanOrEqual(4);
  });

  it('start at full speed again for the next read, however soon it follows', () => {
    const sim = simulation();
    sim.read(5);
    const first = sim.log.length;
    sim.wait(0.1);
    sim.read(1);
    // a quick answer right after a long wait keeps its latency: no timer in the second read
    expect(sim.log.slice(first)).toEqual(['at once', 'at once', 'at once', 'at once']);
  });
});
