import { describe, expect, it } from 'vitest';
import {
  downsample,
  lastStopped,
  markInterrupted,
  memoryStore,
  nextRunNumber,
  parseRecords,
  recordFromState,
  removeRecord,
  RunHistory,
  storageKey,
  upsertRecord,
  INTERRUPTED_MESSAGE,
  MAX_CURVE_POINTS,
  type KeyValueStore,
  type RunRecord,
} from './run-history.js';
import { applyEvent, applyEvents, beginRun, withRunId } from './run-state.js';
import { recordedEvents, syntheticSteps } from './recorded-events.js';

function rec(id: string, startedAt: number, extra: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    number: 1,
    graphName: 'g',
    startedAt,
    endedAt: startedAt + 10,
    status: 'done',
    backend: 'wasm',
    step: 10,
    totalSteps: 10,
    finalLoss: 2,
    valLoss: 2.1,
    metrics: {},
    checkpoint: null,
    error: null,
    lossCurve: { x: [1, 2], y: [3, 2] },
    valCurve: { x: [2], y: [2.1] },
    ...extra,
  };
}

describe('downsample', () => {
  it('returns short curves as they are, without non-finite points', () => {
    expect(downsample([1, 2, 3, 4], [4, NaN, 2, Infinity])).toEqual({ x: [1, 3], y: [4, 2] });
  });

  it('keeps at most 500 points of a 20k-step curve, in order, with its first and last points and its spikes', () => {
    const n = 20_000;
    const xs = Array.from({ length: n }, (_, i) => i + 1);
    const ys = xs.map((x) => 4 / Math.sqrt(x) + 1 + (x === 7777 ? 5 : 0));
    const c = downsample(xs, ys);
    expect(c.x.length).toBe(MAX_CURVE_POINTS);
    expect(c.x[0]).toBe(1);
    expect(c.x.at(-1)).toBe(n);
    expect(c.y.at(-1)).toBe(ys[n - 1]);
    for (let i = 1; i < c.x.length; i++) expect(c.x[i]!).toBeGreaterThan(c.x[i - 1]!);
    expect(c.x).toContain(7777); // a loss spike survives downsampling
  });

  it('honours a smaller limit', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i);
    expect(downsample(xs, xs, 50).x.length).toBe(50);
  });
});

describe('records from run state', () => {
  it('records a finished run: backend, steps, final loss, held-out loss, metrics, checkpoint, curves', () => {
    const s = applyEvents(withRunId(beginRun({ startedAt: 1234 }), 'r1'), recordedEvents('causal-lm-60'), 9999);
    const r = recordFromState(s, { id: 'r1', number: 3, graphName: 'Causal LM' });
    expect(r).toMatchObject({ id: 'r1', number: 3, graphName: 'Causal LM', startedAt: 1234, endedAt: 9999, status: 'done', backend: 'wasm', step: 60, totalSteps: 60 });
    expect(r.finalLoss).toBe(s.loss);
    expect(r.valLoss).toBeCloseTo(2.583297, 5);
    expect(r.metrics.accuracy).toBeCloseTo(0.2893, 4);
    expect(r.checkpoint).toBe('runs/causal-lm/ckpt-0000060');
    expect(r.lossCurve.x).toHaveLength(60);
    expect(r.valCurve.x).toEqual([20, 40, 60]);
    expect(r.error).toBeNull();
  });

  it('records the first error with its node, or the crash', () => {
    let s = withRunId(beginRun({ startedAt: 1 }), 'r');
    s = applyEvent(s, { event: 'error', step: 3, nodeId: 'decoder', message: 'boom' });
    s = applyEvent(s, { event: 'error', step: 3, nodeId: 'head', message: 'second' });
    expect(recordFromState(s, { id: 'r', number: 1, graphName: 'g' }).error).toEqual({ message: 'boom', nodeId: 'decoder' });
    const c = applyEvent(withRunId(beginRun({ startedAt: 1 }), 'r'), { event: 'crash', message: 'out of memory' });
    expect(recordFromState(c, { id: 'r', number: 1, graphName: 'g' })).toMatchObject({ status: 'crashed', error: { message: 'out of memory', nodeId: null } });
  });

  it('downsamples a long run to at most 500 points and drops a non-finite final loss', () => {
    let s = applyEvents(withRunId(beginRun({ startedAt: 1 }), 'r'), syntheticSteps(12_000));
    s = applyEvent(s, { event: 'step', step: 12_001, loss: NaN, lr: 0, gradNorm: 0, tokensPerSec: 0, etaSeconds: 0 });
    const r = recordFromState(s, { id: 'r', number: 1, graphName: 'g' });
    expect(r.lossCurve.x.length).toBeLessThanOrEqual(MAX_CURVE_POINTS);
    expect(r.finalLoss).toBeNull();
    expect(() => JSON.stringify(r)).not.toThrow();
  });
});

describe('ordering, limits and recovery', () => {
  it('keeps runs newest first, replacing by id', () => {
    let list = upsertRecord([], rec('a', 1));
    list = upsertRecord(list, rec('c', 3));
    list = upsertRecord(list, rec('b', 2));
    expect(list.map((r) => r.id)).toEqual(['c', 'b', 'a']);
    list = upsertRecord(list, rec('b', 2, { status: 'stopped', step: 5 }));
    expect(list.map((r) => r.id)).toEqual(['c', 'b', 'a']);
    expect(list[1]).toMatchObject({ status: 'stopped', step: 5 });
    expect(removeRecord(list, 'c').map((r) => r.id)).toEqual(['b', 'a']);
  });

  it('drops the oldest runs past the limit, but never the one being written', () => {
    let list: RunRecord[] = [];
    for (let i = 1; i <= 5; i++) list = upsertRecord(list, rec(`r${i}`, i * 10), 3);
    expect(list.map((r) => r.id)).toEqual(['r5', 'r4', 'r3']);
    // an old run being updated (a resumed one) stays
    list = upsertRecord(list, rec('r1', 10), 3);
    expect(list.map((r) => r.id)).toEqual(['r5', 'r4', 'r1']);
  });

  it('numbers runs after the highest number so far', () => {
    expect(nextRunNumber([])).toBe(1);
    expect(nextRunNumber([rec('a', 1, { number: 4 }), rec('b', 2, { number: 2 })])).toBe(5);
  });

  it('parses stored JSON, dropping malformed records and garbage', () => {
    expect(parseRecords(null)).toEqual([]);
    expect(parseRecords('{not json')).toEqual([]);
    expect(parseRecords('{"a":1}')).toEqual([]);
    const good = rec('a', 1);
    const parsed = parseRecords(JSON.stringify([good, { id: 'broken' }, rec('b', 2)]));
    expect(parsed.map((r) => r.id)).toEqual(['b', 'a']);
    expect(parsed[1]).toEqual(good);
  });

  it('marks runs left active by a closed page as interrupted, except the one running here', () => {
    const list = [rec('a', 1, { status: 'running' }), rec('b', 2, { status: 'stopping' }), rec('c', 3)];
    const out = markInterrupted(list, new Set(['b']));
    expect(out[0]).toMatchObject({ status: 'crashed', error: { message: INTERRUPTED_MESSAGE, nodeId: null } });
    expect(out[1]).toBe(list[1]);
    expect(out[2]).toBe(list[2]);
  });

  it('resumes the newest stopped run that has a checkpoint', () => {
    expect(lastStopped([rec('a', 1)])).toBeNull();
    const list = [rec('a', 1, { status: 'stopped', checkpoint: 'c1' }), rec('b', 2, { status: 'stopped', checkpoint: null }), rec('c', 3, { status: 'done' })];
    expect(lastStopped(list)?.id).toBe('a');
  });
});

describe('RunHistory over a key-value store', () => {
  it('survives a reload (a new instance on the same store), keyed by graph name', () => {
    const store = memoryStore();
    const h1 = new RunHistory(store);
    h1.put(rec('a', 1, { graphName: 'GPT' }));
    h1.put(rec('b', 2, { graphName: 'GPT' }));
    h1.put(rec('x', 3, { graphName: 'BERT' }));
    const h2 = new RunHistory(store);
    expect(h2.list('GPT').map((r) => r.id)).toEqual(['b', 'a']);
    expect(h2.list('BERT').map((r) => r.id)).toEqual(['x']);
    expect(h2.list('none')).toEqual([]);
    expect(store.getItem(storageKey('GPT'))).toContain('"id":"a"');
  });

  it('returns the same list until it changes, and notifies on put, delete and clear', () => {
    const store = memoryStore();
    const h = new RunHistory(store);
    let calls = 0;
    const off = h.subscribe(() => calls++);
    const empty = h.list('g');
    expect(h.list('g')).toBe(empty);
    h.put(rec('a', 1));
    h.put(rec('b', 2));
    const two = h.list('g');
    expect(two).not.toBe(empty);
    expect(h.list('g')).toBe(two);
    h.delete('g', 'a');
    expect(h.list('g').map((r) => r.id)).toEqual(['b']);
    h.clear('g');
    expect(h.list('g')).toEqual([]);
    expect(new RunHistory(store).list('g')).toEqual([]);
    expect(calls).toBe(4);
    off();
    h.put(rec('c', 3));
    expect(calls).toBe(4);
  });

  it('recovers runs cut off by a reload', () => {
    const store = memoryStore();
    new RunHistory(store).put(rec('a', 1, { status: 'running' }));
    const h = new RunHistory(store);
    h.recoverInterrupted('g');
    expect(new RunHistory(store).list('g')[0]!.status).toBe('crashed');
  });

  it('keeps the newest runs that fit when storage is full', () => {
    const inner = memoryStore();
    const small: KeyValueStore = {
      ...inner,
      setItem(k, v) {
        if (v.length > 1200) throw new Error('QuotaExceededError');
        inner.setItem(k, v);
      },
    };
    const h = new RunHistory(small);
    for (let i = 1; i <= 8; i++) h.put(rec(`r${i}`, i));
    expect(h.list('g')).toHaveLength(8); // this session still sees them all
    const reloaded = new RunHistory(small).list('g');
    expect(reloaded.length).toBeGreaterThan(0);
    expect(reloaded.length).toBeLessThan(8);
    expect(reloaded[0]!.id).toBe('r8');
  });
});
