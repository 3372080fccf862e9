import { describe, expect, it } from 'vitest';
import { RunController } from './run-controller.js';
import { statusLabel } from './run-state.js';
import { memoryStore, RunHistory } from './run-history.js';
import { recordedEvents } from './recorded-events.js';
import type { RunEvent, RunHandle, RunRequest, TrainingClient } from './training-client.js';
import type { GraphDocument } from '../../../engine/core/graph-document.js';
import { xsOf } from './series.js';

const doc: GraphDocument = { format: 'pretrain-lab/graph', version: 1, name: 'Tiny GPT', seed: 1, nodes: [], edges: [], notes: [], layout: {} };

interface FakeRun {
  req: RunRequest;
  emit(e: RunEvent): void;
  stopCalls: number;
  resolve(): void;
  reject(err: Error): void;
}

/** A TrainingClient whose runs the test drives by hand. */
function fakeClient(ids: string[] = ['run-a', 'run-b', 'run-c']) {
  const runs: FakeRun[] = [];
  let throwOnStart: Error | null = null;
  const client: TrainingClient = {
    start(req, onEvent) {
      if (throwOnStart) throw throwOnStart;
      let resolve!: () => void;
      let reject!: (e: Error) => void;
      const finished = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
      const run: FakeRun = { req, emit: onEvent, stopCalls: 0, resolve, reject };
      runs.push(run);
      const handle: RunHandle = { runId: req.resumeRunId ?? ids[runs.length - 1]!, stop: () => void run.stopCalls++, finished };
      return handle;
    },
    backends: ['auto', 'wasm'],
    preview: () => Promise.reject(new Error('not used')),
    dispose: () => {},
  };
  return { client, runs, failNextStart: (e: Error) => void (throwOnStart = e) };
}

/** Flushes only when the test says so, like a frame that has not come yet. */
function manualSchedule() {
  let pending: (() => void) | null = null;
  return {
    schedule: (flush: () => void) => {
      pending = flush;
      return () => void (pending = null);
    },
    frame: () => pending?.(),
  };
}

function setup() {
  const fake = fakeClient();
  const history = new RunHistory(memoryStore());
  const frames = manualSchedule();
  let t = 1000;
  const c = new RunController(fake.client, history, frames.schedule, () => t++);
  return { ...fake, history, frames, c };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('RunController', () => {
  it('folds a burst of events into one update a frame and records the run in the history', () => {
    const { c, runs, history, frames } = setup();
    let updates = 0;
    c.subscribe(() => updates++);
    c.start({ doc, backend: 'wasm', steps: 60 });
    expect(runs[0]!.req).toEqual({ doc, backend: 'wasm', steps: 60 });
    expect(c.getState()).toMatchObject({ status: 'starting', runId: 'run-a' });
    expect(history.list('Tiny GPT')).toMatchObject([{ id: 'run-a', number: 1, status: 'starting' }]);

    const events = recordedEvents('causal-lm-60');
    updates = 0;
    for (const e of events.slice(0, 40)) runs[0]!.emit(e);
    expect(updates).toBe(0);
    expect(c.getState().lossSeries.length).toBe(0);
    frames.frame();
    expect(updates).toBe(1);
    expect(c.getState().status).toBe('running');
    expect(history.list('Tiny GPT')[0]!.status).toBe('running'); // persisted: the batch had start + eval

    for (const e of events.slice(40)) runs[0]!.emit(e);
    frames.frame();
    expect(c.getState().status).toBe('done');
    expect(c.activeRunId).toBeNull();
    const [r] = history.list('Tiny GPT');
    expect(r).toMatchObject({ id: 'run-a', status: 'done', step: 60, totalSteps: 60, backend: 'wasm' });
    expect(r!.lossCurve.x).toHaveLength(60);
  });

  it('a third Stop ends the run at once where the client can: recorded stopped at its last checkpoint, later events ignored', async () => {
    const { c, runs, history, frames } = setup();
    c.start({ doc, backend: 'auto' });
    let killed = 0;
    (c as unknown as { handle: RunHandle }).handle.kill = () => void killed++;
    for (const e of recordedEvents('causal-lm-60').slice(0, 26)) runs[0]!.emit(e); // checkpoint at 20, steps to 23
    c.stop();
    c.stop();
    expect(c.canStop).toBe(true);
    c.stop();
    expect(killed).toBe(1);
    expect(c.getState()).toMatchObject({ status: 'stopped', step: 23, checkpoint: { step: 20 } });
    expect(statusLabel(c.getState())).toBe('Stopped at step 20, checkpoint saved');
    runs[0]!.emit({ event: 'done', step: 23, valLoss: 1, metrics: {}, backend: 'wasm', checkpoint: 'late', stopped: true });
    frames.frame();
    expect(c.getState().checkpoint).toMatchObject({ step: 20 });
    expect(history.list('Tiny GPT')[0]).toMatchObject({ status: 'stopped', step: 23 });
    expect(history.list('Tiny GPT')[0]!.checkpoint).not.toBe('late');
  });

  it('stops, then resumes the stopped run with its curve and record', async () => {
    const { c, runs, history, frames } = setup();
    c.start({ doc, backend: 'auto' });
    const events = recordedEvents('causal-lm-60');
    for (const e of events.slice(0, 26)) runs[0]!.emit(e); // steps 1-23, eval and checkpoint at 20
    c.stop();
    expect(runs[0]!.stopCalls).toBe(1);
    expect(c.getState().status).toBe('stopping');
    // a second Stop is passed on (the worker skips the final evaluation); a third, with a client
    // that cannot end a run at once, does nothing
    c.stop();
    expect(runs[0]!.stopCalls).toBe(2);
    expect(c.getState().skipping).toBe(true);
    expect(c.canStop).toBe(false);
    c.stop();
    expect(runs[0]!.stopCalls).toBe(2);
    runs[0]!.emit({ event: 'checkpoint', step: 23, path: 'ckpt-23' });
    runs[0]!.emit({ event: 'done', step: 23, valLoss: 2.87, metrics: {}, backend: 'wasm', checkpoint: 'ckpt-23', stopped: true });
    runs[0]!.resolve();
    await tick();
    frames.frame();
    const stopped = history.list('Tiny GPT')[0]!;
    expect(stopped).toMatchObject({ status: 'stopped', checkpoint: 'ckpt-23', step: 23 });

    c.start({ doc, backend: 'wasm', steps: 60, resume: stopped });
    expect(runs[1]!.req).toMatchObject({ resumeRunId: 'run-a', steps: 60, backend: 'wasm' });
    // the chart continues the stopped run's curve, and its last held-out loss is shown
    expect(c.getState().lossSeries.length).toBe(23);
    expect(c.getState().valLoss).toBe(2.87);
    runs[1]!.emit({ event: 'start', step: 23, totalSteps: 60, backend: 'wasm', parameters: 1, tokensPerBatch: 1 });
    for (const e of events.filter((e) => e.event === 'step' && e.step > 23)) runs[1]!.emit(e);
    runs[1]!.emit(events.at(-1)!);
    frames.frame();
    expect(Array.from(xsOf(c.getState().lossSeries))).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    // the worker kept the run id: the same record, same number, now done
    expect(history.list('Tiny GPT')).toHaveLength(1);
    expect(history.list('Tiny GPT')[0]).toMatchObject({ id: 'run-a', number: 1, status: 'done', step: 60 });
  });

  it('records a resumed run the worker gave a new id as a new run that says where it came from', () => {
    const fake = fakeClient();
    const history = new RunHistory(memoryStore());
    const orig = fake.client.start;
    fake.client.start = (req, on) => {
      const h = orig({ ...req, resumeRunId: undefined } as RunRequest, on);
      return h;
    };
    const c = new RunController(fake.client, history, (f) => (f(), () => {}));
    c.start({ doc, backend: 'auto' });
    fake.runs[0]!.emit({ event: 'done', step: 5, valLoss: 3, metrics: {}, backend: 'cpu', checkpoint: 'ck', stopped: true });
    const stopped = history.list('Tiny GPT')[0]!;
    c.start({ doc, backend: 'auto', resume: stopped });
    const list = history.list('Tiny GPT');
    expect(list.map((r) => [r.id, r.number, r.resumedFrom])).toEqual([
      ['run-b', 2, 'run-a'],
      ['run-a', 1, undefined],
    ]);
  });

  it('calls a run that ends without done, error or crash a crash, and keeps what it reported', async () => {
    const { c, runs, history, frames } = setup();
    c.start({ doc, backend: 'webgpu' });
    for (const e of recordedEvents('causal-lm-60').slice(0, 10)) runs[0]!.emit(e);
    runs[0]!.reject(new Error('Worker terminated: out of memory'));
    await tick();
    frames.frame();
    expect(c.getState()).toMatchObject({ status: 'crashed', crash: 'Worker terminated: out of memory' });
    expect(c.getState().lossSeries.length).toBe(9);
    expect(history.list('Tiny GPT')[0]).toMatchObject({ status: 'crashed', error: { message: 'Worker terminated: out of memory', nodeId: null } });
  });

  it('shows a client that cannot start as a crash', () => {
    const { c, failNextStart } = setup();
    failNextStart(new Error('Workers are not supported here'));
    c.start({ doc, backend: 'auto' });
    expect(c.getState()).toMatchObject({ status: 'crashed', crash: 'Workers are not supported here' });
  });

  it('records an error with its node', () => {
    const { c, runs, history, frames } = setup();
    c.start({ doc, backend: 'auto' });
    runs[0]!.emit({ event: 'error', step: 0, nodeId: 'decoder', message: 'heads (3) must divide dModel (128)' });
    frames.frame();
    expect(c.getState().errors[0]!.nodeId).toBe('decoder');
    expect(history.list('Tiny GPT')[0]).toMatchObject({ status: 'error', error: { nodeId: 'decoder' } });
  });

  it('runs one at a time, and ignores late events of an earlier run', async () => {
    const { c, runs, frames } = setup();
    c.start({ doc, backend: 'auto' });
    c.start({ doc, backend: 'auto' });
    expect(runs).toHaveLength(1);
    runs[0]!.emit({ event: 'crash', message: 'lost' });
    frames.frame();
    c.start({ doc, backend: 'auto' });
    expect(runs).toHaveLength(2);
    runs[0]!.emit({ event: 'step', step: 99, loss: 1, lr: 1, gradNorm: 1, tokensPerSec: 1, etaSeconds: 1 });
    runs[0]!.resolve();
    await tick();
    frames.frame();
    expect(c.getState()).toMatchObject({ status: 'starting', runId: 'run-b', step: 0 });
  });

  it('stops its run when the panel goes away', () => {
    const { c, runs } = setup();
    c.detach();
    c.start({ doc, backend: 'auto' });
    c.detach();
    expect(runs[0]!.stopCalls).toBe(1);
  });
});
