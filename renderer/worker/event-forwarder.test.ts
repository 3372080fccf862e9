import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../src/run/training-client.js';
import { createEventForwarder } from './event-forwarder.js';

const step = (n: number): RunEvent => ({ event: 'step', step: n, loss: 1, lr: 0, gradNorm: 0, tokensPerSec: 0, etaSeconds: 0 });

/** A forwarder on a clock the test moves by hand. */
function setup() {
  let time = 0;
  const timers: { at: number; fn: () => void }[] = [];
  const sent: { steps: (number | string)[]; final: boolean }[] = [];
  const fwd = createEventForwarder({
    intervalMs: 100,
    now: () => time,
    setTimer: (fn, ms) => {
      const t = { at: time + ms, fn };
      timers.push(t);
      return t;
    },
    clearTimer: (h) => timers.splice(timers.indexOf(h as (typeof timers)[number]), 1),
    send: (events, final) => sent.push({ steps: events.map((e) => (e.event === 'step' ? e.step : e.event)), final }),
  });
  const advance = (ms: number) => {
    time += ms;
    for (const t of timers.filter((t) => t.at <= time)) {
      timers.splice(timers.indexOf(t), 1);
      t.fn();
    }
  };
  return { fwd, sent, advance, timers };
}

describe('the event forwarder', () => {
  it('sends fast steps together, keeping every one', () => {
    const { fwd, sent, advance } = setup();
    for (let i = 1; i <= 10; i++) {
      fwd.emit(step(i));
      advance(15);
    }
    advance(200);
    expect(sent.flatMap((s) => s.steps)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // the first at once, then about one message per 100 ms
    expect(sent.length).toBeLessThanOrEqual(3);
    expect(sent[0]!.steps).toEqual([1]);
  });

  it('sends anything but a step at once, with the held steps before it', () => {
    const { fwd, sent, timers } = setup();
    fwd.emit(step(1));
    fwd.emit(step(2));
    fwd.emit(step(3));
    expect(sent.flatMap((s) => s.steps)).toEqual([1]);
    fwd.emit({ event: 'eval', step: 3, valLoss: 1, metrics: {} });
    expect(sent.at(-1)).toEqual({ steps: [2, 3, 'eval'], final: false });
    expect(timers).toHaveLength(0);
  });

  it('does not hold a step until the next event when steps are slow', () => {
    const { fwd, sent, advance } = setup();
    fwd.emit(step(1));
    advance(50);
    fwd.emit(step(2));
    expect(sent).toHaveLength(1);
    advance(50);
    expect(sent.flatMap((s) => s.steps)).toEqual([1, 2]);
  });

  it('marks the last message final and ignores anything after it', () => {
    const { fwd, sent } = setup();
    fwd.emit(step(1));
    fwd.emit(step(2));
    fwd.end();
    fwd.emit(step(3));
    fwd.end();
    expect(sent).toEqual([
      { steps: [1], final: false },
      { steps: [2], final: true },
    ]);
  });
});
