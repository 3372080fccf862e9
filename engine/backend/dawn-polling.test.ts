import { describe, expect, it } from 'vitest';
import { BUSY_MS, isDawnPoll, pacedSetImmediate } from './dawn-polling.js';

// A nameless native function, as Dawn's polls are (Function.prototype is one, and does nothing).
const dawnPoll = Function.prototype as () => void;

function recorder() {
  let t = 0;
  const calls: string[] = [];
  const setImmediate = pacedSetImmediate({
    now: () => t,
    immediate: () => calls.push(`immediate@${t}`),
    later: () => calls.push(`later@${t}`),
  });
  return { setImmediate, calls, at: (ms: number) => (t = ms) };
}

describe("Dawn's polls", () => {
  it('are told apart from JavaScript callbacks, bound ones included', () => {
    expect(isDawnPoll(dawnPoll)).toBe(true);
    expect(isDawnPoll(() => {})).toBe(false);
    expect(isDawnPoll(function named() {})).toBe(false);
    expect(isDawnPoll((() => {}).bind(null))).toBe(false);
    expect(isDawnPoll(Math.max)).toBe(false);
  });

  it('run at once for the first BUSY_MS of a wait, then through a timer; a new wait starts at once again', () => {
    const r = recorder();
    for (const ms of [0, 0.5, 1, BUSY_MS - 0.1, BUSY_MS, BUSY_MS + 1, BUSY_MS + 9]) {
      r.at(100 + ms);
      r.setImmediate(dawnPoll);
    }
    // a gap: the next read is a new wait
    r.at(200);
    r.setImmediate(dawnPoll);
    expect(r.calls).toEqual(['immediate@100', 'immediate@100.5', 'immediate@101', 'immediate@101.9', 'later@102', 'later@103', 'later@111', 'immediate@200']);
  });

  it('never delay a JavaScript callback, even in the middle of a long wait', () => {
    const r = recorder();
    r.at(0);
    r.setImmediate(dawnPoll);
    r.at(5);
    r.setImmediate(dawnPoll);
    r.setImmediate(() => {});
    expect(r.calls).toEqual(['immediate@0', 'later@5', 'immediate@5']);
  });
});
