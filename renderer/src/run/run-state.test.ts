import { describe, expect, it } from 'vitest';
import { applyEvent, applyEvents, backendLabel, beginRun, formatEta, formatLoss, formatRate, idleState, isActive, requestStop, statusLabel, stepLabel, withRunId, type RunState } from './run-state.js';
import { seriesFrom, xsOf, ysOf } from './series.js';
import { recordedEvents, syntheticSteps } from './recorded-events.js';
import type { RunEvent } from './training-client.js';

const begun = () => withRunId(beginRun({ startedAt: 1000 }), 'run-1');
const backendEvent: RunEvent = { event: 'backend', backend: 'wasm', tried: [{ backend: 'webgpu', error: 'no adapter' }, { backend: 'webgl', error: 'context lost' }] };

describe('which backend a run uses, and why', () => {
  it('names the GPU it runs on, or why auto settled on the CPU', () => {
    expect(backendLabel(begun())).toBeNull();
    expect(backendLabel(applyEvent(begun(), { event: 'backend', backend: 'webgpu', tried: [], adapter: 'NVIDIA GeForce RTX 3080 (nvidia ampere)' }))).toBe(
      'webgpu — NVIDIA GeForce RTX 3080 (nvidia ampere)',
    );
    const software = { backend: 'webgpu', error: 'only a software adapter: SwiftShader' };
    const onWasm = applyEvent(begun(), { event: 'backend', backend: 'wasm', tried: [software], reason: 'no hardware GPU found (only a software adapter: SwiftShader)' });
    expect(backendLabel(onWasm)).toBe('wasm — no hardware GPU found (only a software adapter: SwiftShader)');
    // chosen by name: nothing to explain
    expect(backendLabel(applyEvent(begun(), { event: 'backend', backend: 'wasm', tried: [] }))).toBe('wasm');
  });
});

describe('run state from a recorded causal-LM run', () => {
  const events = recordedEvents('causal-lm-60');

  it('goes starting -> running -> done, with step, loss, rate, ETA and backend', () => {
    let s = begun();
    expect(s.status).toBe('starting');
    s = applyEvent(s, backendEvent);
    s = applyEvent(s, { event: 'progress', message: 'Reading moby-dick…' });
    expect(s).toMatchObject({ status: 'starting', backend: 'wasm', progress: 'Reading moby-dick…' });
    expect(s.tried.map((t) => t.backend)).toEqual(['webgpu', 'webgl']);
    expect(statusLabel(s)).toBe('Reading moby-dick…');

    s = applyEvent(s, events[0]!); // start
    expect(s).toMatchObject({ status: 'running', step: 0, totalSteps: 60, parameters: 416384, tokensPerBatch: 1024, progress: null });
    s = applyEvents(s, events.slice(1, 11));
    const tenth = events[10] as Extract<RunEvent, { event: 'step' }>;
    expect(s).toMatchObject({ status: 'running', step: 10, loss: tenth.loss, tokensPerSec: tenth.tokensPerSec, etaSeconds: tenth.etaSeconds });
    expect(stepLabel(s)).toBe('step 10 / 60');

    expect(statusLabel(s)).toBe('Training');
    const last = events.findIndex((e) => e.event === 'step' && e.step === 60);
    s = applyEvents(s, events.slice(11, last + 1));
    expect(s.step).toBe(60);
    expect(statusLabel(s)).toBe('Final evaluation and outputs… (Stop skips them)');
    s = applyEvents(s, events.slice(last + 1), 5000);
    expect(s.status).toBe('done');
    expect(stepLabel(s)).toBe('step 60 / 60');
    expect(s.etaSeconds).toBeNull();
    expect(s.endedAt).toBe(5000);
    expect(s.backend).toBe('wasm');
    expect(isActive(s.status)).toBe(false);
  });

  it('keeps every step of loss and learning rate, and the held-out loss at each eval', () => {
    const s = applyEvents(begun(), events);
    const steps = events.filter((e): e is Extract<RunEvent, { event: 'step' }> => e.event === 'step');
    expect(s.lossSeries.length).toBe(60);
    expect(Array.from(xsOf(s.lossSeries))).toEqual(steps.map((e) => e.step));
    expect(Array.from(ysOf(s.lossSeries))).toEqual(steps.map((e) => e.loss));
    expect(Array.from(ysOf(s.lrSeries))).toEqual(steps.map((e) => e.lr));
    expect(Array.from(xsOf(s.valSeries))).toEqual([20, 40, 60]);
    expect(s.valLoss).toBeCloseTo(2.583297, 5);
    expect(s.metrics).toEqual({ accuracy: 0.289306640625, baselineAccuracy: 0.171875 });
  });

  it('keeps the latest output per eval node and the latest checkpoint', () => {
    const s = applyEvents(begun(), events);
    expect(Object.keys(s.outputs)).toEqual(['sample']);
    const out = s.outputs.sample!;
    expect(out.step).toBe(60);
    expect(out.output.kind).toBe('text');
    expect(out.output.kind === 'text' && out.output.text.startsWith('The whale ')).toBe(true);
    expect(s.checkpoint).toEqual({ step: 60, path: 'runs/causal-lm/ckpt-0000060' });
  });
});

describe('run state from a recorded masked-LM run', () => {
  it('keeps the fill-mask table as a table', () => {
    const s = applyEvents(begun(), recordedEvents('masked-lm-60'));
    const out = s.outputs.fill!.output;
    expect(out.kind).toBe('table');
    if (out.kind !== 'table') return;
    expect(out.columns).toEqual(['mask', '#1', '#2', '#3', '#4', '#5']);
    expect(out.rows.at(-1)![0]).toBe('filled');
  });
});

describe('stopping', () => {
  it('goes stopping on request, stays stopping through the last steps, and ends stopped with its checkpoint', () => {
    let s = applyEvents(begun(), recordedEvents('causal-lm-60').slice(0, 16));
    s = requestStop(s);
    expect(s.status).toBe('stopping');
    expect(statusLabel(s)).toMatch(/Stopping/);
    s = applyEvent(s, { event: 'step', step: 16, loss: 2.9, lr: 0.003, gradNorm: 1, tokensPerSec: 7000, etaSeconds: 5 });
    expect(s.status).toBe('stopping');
    s = applyEvent(s, { event: 'eval', step: 16, valLoss: 2.95, metrics: { accuracy: 0.2 } });
    s = applyEvent(s, { event: 'checkpoint', step: 16, path: 'ckpt-16' });
    s = applyEvent(s, { event: 'done', step: 16, valLoss: 2.95, metrics: { accuracy: 0.2 }, backend: 'wasm', checkpoint: 'ckpt-16', stopped: true });
    expect(s.status).toBe('stopped');
    expect(s.checkpoint).toEqual({ step: 16, path: 'ckpt-16' });
    expect(statusLabel(s)).toBe('Stopped at step 16, checkpoint saved');
  });

  it('a second stop request skips the final evaluation; a skipped one keeps the last held-out figures', () => {
    let s = applyEvents(begun(), recordedEvents('causal-lm-60').slice(0, 16));
    const valLoss = s.valLoss;
    s = requestStop(requestStop(s));
    expect(s).toMatchObject({ status: 'stopping', skipping: true });
    expect(statusLabel(s)).toBe('Skipping the final evaluation… (Stop again ends it at once)');
    expect(requestStop(s)).toBe(s);
    s = applyEvent(s, { event: 'done', step: 16, valLoss: NaN, metrics: {}, backend: 'wasm', checkpoint: 'ckpt-16', stopped: true });
    expect(s.status).toBe('stopped');
    expect(s.valLoss).toBe(valLoss);
  });

  it('a stop request once every step is done skips the final evaluation at once', () => {
    let s = applyEvents(begun(), [{ event: 'start', step: 0, totalSteps: 9, backend: 'wasm', parameters: 10, tokensPerBatch: 64 }, ...syntheticSteps(9)]);
    expect(statusLabel(s)).toMatch(/Final evaluation/);
    s = requestStop(s);
    expect(s).toMatchObject({ status: 'stopping', skipping: true });
  });

  it('ignores a stop request when nothing runs', () => {
    const idle = idleState();
    expect(requestStop(idle)).toBe(idle);
    const done = applyEvents(begun(), recordedEvents('causal-lm-60'));
    expect(requestStop(done)).toBe(done);
  });
});

describe('errors and crashes', () => {
  it('keeps every error with its node and port; the first is the root cause; a later done does not hide it', () => {
    let s = applyEvents(begun(), [{ event: 'start', step: 0, totalSteps: 100, backend: 'webgl', parameters: 10, tokensPerBatch: 64 }, ...syntheticSteps(9)]);
    s = applyEvent(s, {
      event: 'error',
      step: 10,
      nodeId: 'decoder',
      port: 'hidden',
      message: 'the loss became NaN at step 10: node decoder is where it starts',
      nonFinite: { nodeId: 'decoder', port: 'hidden', kind: 'output' },
    });
    s = applyEvent(s, { event: 'error', step: 10, nodeId: null, message: 'and another thing' });
    s = applyEvent(s, { event: 'done', step: 10, valLoss: 3, metrics: {}, backend: 'webgl', checkpoint: null, stopped: false });
    expect(s.status).toBe('error');
    expect(s.errors).toHaveLength(2);
    expect(s.errors[0]).toEqual({
      step: 10,
      nodeId: 'decoder',
      port: 'hidden',
      message: 'the loss became NaN at step 10: node decoder is where it starts',
      nonFinite: { nodeId: 'decoder', port: 'hidden', kind: 'output' },
    });
    expect(s.errors[1]).toEqual({ step: 10, nodeId: null, message: 'and another thing' });
    expect(s.lossSeries.length).toBe(9); // the curve so far is kept
  });

  it('reports graph errors before any step (validation in the worker)', () => {
    const s = applyEvents(begun(), [
      { event: 'error', step: 0, nodeId: 'positions', message: 'is part of a cycle (positions -> decoder -> positions); data must flow one way' },
      { event: 'error', step: 0, nodeId: 'decoder', message: 'is part of a cycle (positions -> decoder -> positions); data must flow one way' },
    ]);
    expect(s.status).toBe('error');
    expect(s.errors.map((e) => e.nodeId)).toEqual(['positions', 'decoder']);
  });

  it('keeps a non-finite loss off the curve but shows it', () => {
    const s = applyEvents(begun(), [...syntheticSteps(3), { event: 'step', step: 4, loss: NaN, lr: 1e-3, gradNorm: NaN, tokensPerSec: 1, etaSeconds: 1 }]);
    expect(s.lossSeries.length).toBe(3);
    expect(formatLoss(s.loss)).toBe('NaN');
  });

  it('a crash ends the run with the curve and outputs so far, and nothing after changes the status', () => {
    const events = recordedEvents('causal-lm-60');
    let s = applyEvents(begun(), events.slice(0, 30), 10);
    s = applyEvent(s, { event: 'crash', message: 'GPU device was lost' }, 20);
    expect(s).toMatchObject({ status: 'crashed', crash: 'GPU device was lost', endedAt: 20, etaSeconds: null });
    expect(s.lossSeries.length).toBe(events.slice(0, 30).filter((e) => e.event === 'step').length);
    expect(s.valSeries.length).toBe(1);
    s = applyEvent(s, { event: 'error', step: 30, nodeId: null, message: 'late' });
    s = applyEvent(s, { event: 'done', step: 30, valLoss: 1, metrics: {}, backend: 'wasm', checkpoint: null, stopped: false });
    expect(s.status).toBe('crashed');
    expect(s.endedAt).toBe(20);
  });
});

describe('long runs', () => {
  it('appends 20k steps without copying the curve on every event', () => {
    let s = begun();
    const buffers = new Set<Float64Array>();
    for (const e of syntheticSteps(20_000)) {
      s = applyEvent(s, e);
      buffers.add(s.lossSeries.x);
    }
    expect(s.lossSeries.length).toBe(20_000);
    // capacity doubles from 64: about log2(20000/64) + 1 buffers, not one per event
    expect(buffers.size).toBeLessThanOrEqual(10);
    expect(s.lossSeries.y[19_999]).toBeCloseTo(4 / Math.sqrt(20_000) + 1, 10);
  });

  it('leaves earlier states unchanged, and applying the same event twice gives the same state (StrictMode)', () => {
    const a = applyEvents(begun(), syntheticSteps(100));
    const snapshot = Array.from(ysOf(a.lossSeries));
    const e: RunEvent = { event: 'step', step: 101, loss: 0.5, lr: 1e-3, gradNorm: 1, tokensPerSec: 1, etaSeconds: 0 };
    const b1 = applyEvent(a, e);
    const b2 = applyEvent(a, e);
    expect(Array.from(ysOf(a.lossSeries))).toEqual(snapshot);
    expect(Array.from(ysOf(b1.lossSeries))).toEqual(Array.from(ysOf(b2.lossSeries)));
    expect(b1.lossSeries.length).toBe(101);
  });
});

describe('resuming', () => {
  it('continues the previous curve from the checkpoint step, dropping points the resumed run repeats', () => {
    const previous = { loss: seriesFrom([1, 2, 3, 4, 5], [5, 4, 3, 2.5, 2.4]), valLoss: seriesFrom([4], [2.6]) };
    let s: RunState = withRunId(beginRun({ startedAt: 1, previous }), 'run-1');
    expect(s.lossSeries.length).toBe(5);
    s = applyEvent(s, { event: 'start', step: 4, totalSteps: 8, backend: 'wasm', parameters: 1, tokensPerBatch: 1 });
    expect(s.startStep).toBe(4);
    s = applyEvents(s, syntheticSteps(4, 5));
    expect(Array.from(xsOf(s.lossSeries))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(s.lossSeries.y[4]).toBeCloseTo(4 / Math.sqrt(5) + 1, 10); // the repeated step 5 is the new one
    expect(Array.from(xsOf(previous.loss))).toEqual([1, 2, 3, 4, 5]); // the seed is not modified
    expect(Array.from(ysOf(previous.loss))).toEqual([5, 4, 3, 2.5, 2.4]);
  });
});

describe('formatting', () => {
  it('formats ETA, rates and losses', () => {
    expect(formatEta(null)).toBe('—');
    expect(formatEta(42.4)).toBe('42s');
    expect(formatEta(125)).toBe('2m 05s');
    expect(formatEta(3 * 3600 + 7 * 60)).toBe('3h 07m');
    expect(formatRate(8234.6)).toBe('8,235');
    expect(formatRate(48_800)).toBe('48.8k');
    expect(formatLoss(1.234567)).toBe('1.2346');
    expect(formatLoss(Infinity)).toBe('Infinity');
  });
});
