import { expect, test, type Page } from '@playwright/test';
import type { GraphDocument } from '../../engine/core/graph-document.js';
import type { BackendChoice, RunEvent } from '../../renderer/src/run/training-client.js';
import type { HarnessPreview, HarnessRun, HarnessTrainOptions } from '../../renderer/dev/worker-harness.js';
import { tinyGraph } from '../support/tiny-graphs.js';

/**
 * The training worker in a real browser (Chromium, headless: webgpu finds no adapter, webgl runs
 * on SwiftShader, which auto passes over for wasm, on the CPU), driven through the dev harness
 * page. Graphs are the samples shrunk to train in seconds.
 */

const STEPS = { steps: 20, evalInterval: 10, evalBatches: 2, warmupSteps: 5 };
const causal = (overrides: Record<string, Record<string, unknown>> = {}) => tinyGraph('causal-lm', { optimizer: STEPS, ...overrides });

async function openHarness(page: Page): Promise<void> {
  await page.goto('/dev/worker-harness.html');
  await page.waitForFunction(() => 'workerHarness' in window);
}

const train = (page: Page, doc: GraphDocument, backend: BackendChoice, opts: HarnessTrainOptions = {}): Promise<HarnessRun> =>
  page.evaluate(([d, b, o]) => window.workerHarness.train(d, b, o), [doc, backend, opts] as const);

const preview = (page: Page, doc: GraphDocument, nodeId: string): Promise<HarnessPreview> =>
  page.evaluate(([d, n]) => window.workerHarness.preview(d, n), [doc, nodeId] as const);

type Ev<K extends RunEvent['event']> = Extract<RunEvent, { event: K }>;
const all = <K extends RunEvent['event']>(events: RunEvent[], kind: K) => events.filter((e): e is Ev<K> => e.event === kind);
const one = <K extends RunEvent['event']>(events: RunEvent[], kind: K) => {
  const found = all(events, kind);
  expect(found, `one ${kind} event`).toHaveLength(1);
  return found[0]!;
};

/** Every step from `from` to `to` arrived, once each, in order, with a finite loss. */
function expectSteps(events: RunEvent[], from: number, to: number): number[] {
  const steps = all(events, 'step');
  expect(steps.map((s) => s.step)).toEqual(Array.from({ length: to - from + 1 }, (_, i) => from + i));
  for (const s of steps) expect(Number.isFinite(s.loss), `loss at step ${s.step}`).toBe(true);
  return steps.map((s) => s.loss);
}

test.beforeEach(async ({ page }) => {
  await openHarness(page);
});

test('trains on wasm: finite losses every step, evals, a sample, checkpoints, and done names the backend', async ({ page }) => {
  const run = await train(page, causal(), 'wasm');
  const { events } = run;
  expect(events[0]).toEqual({ event: 'backend', backend: 'wasm', tried: [] });
  expect(one(events, 'start')).toMatchObject({ step: 0, totalSteps: 20, backend: 'wasm' });
  const losses = expectSteps(events, 1, 20);
  expect(losses.at(-1)!).toBeLessThan(losses[0]!);
  expect(all(events, 'eval').map((e) => e.step)).toEqual([10, 20]);
  expect(one(events, 'output').output).toMatchObject({ kind: 'text', text: expect.stringMatching(/^The whale /) });
  expect(all(events, 'checkpoint').map((e) => e.path)).toEqual([`indexeddb:${run.runId}/ckpt-0000010`, `indexeddb:${run.runId}/ckpt-0000020`]);
  expect(events.at(-1)).toMatchObject({ event: 'done', step: 20, backend: 'wasm', stopped: false, checkpoint: `indexeddb:${run.runId}/ckpt-0000020` });
  expect(await page.evaluate((id) => window.workerHarness.latestCheckpoint(id), run.runId)).toMatchObject({ step: 20, totalSteps: 20 });

  // the pure-JavaScript reference backend runs the same program
  const cpu = await train(page, causal(), 'cpu', { steps: 3 });
  expect(cpu.events[0]).toEqual({ event: 'backend', backend: 'cpu', tried: [] });
  expectSteps(cpu.events, 1, 3).forEach((l, i) => expect(Math.abs(l - losses[i]!)).toBeLessThan(1e-4));
  expect(cpu.events.at(-1)).toMatchObject({ event: 'done', step: 3, backend: 'cpu' });
});

test('trains on webgl with the losses wasm gives; auto passes over webgl on SwiftShader for wasm', async ({ page }) => {
  const doc = causal();
  const wasm = expectSteps((await train(page, doc, 'wasm')).events, 1, 20);
  // chosen by name, WebGL on SwiftShader (a software renderer) is used, and said to be one
  const webgl = await train(page, doc, 'webgl');
  expect(webgl.events[0]).toEqual({ event: 'backend', backend: 'webgl', tried: [], adapter: expect.stringMatching(/^SwiftShader, a software renderer/) });
  const losses = expectSteps(webgl.events, 1, 20);
  // the same program on another backend: the same curve, to float tolerance
  losses.forEach((l, i) => expect(Math.abs(l - wasm[i]!), `step ${i + 1}`).toBeLessThan(2e-3));
  expect(webgl.events.at(-1)).toMatchObject({ event: 'done', step: 20, backend: 'webgl', stopped: false });

  const auto = await train(page, doc, 'auto', { steps: 2 });
  const backend = one(auto.events, 'backend');
  expect(backend.backend).toBe('wasm');
  expect(backend.tried).toEqual([
    { backend: 'webgpu', error: expect.stringMatching(/WebGPU/) },
    { backend: 'webgl', error: 'only a software adapter: SwiftShader' },
  ]);
  expect(backend.reason).toBe('no hardware GPU found (only a software adapter: SwiftShader)');
  expect(auto.events.at(-1)).toMatchObject({ event: 'done', step: 2, backend: 'wasm' });
});

test('an explicit backend that cannot start is an error naming it and why', async ({ page }) => {
  const { events } = await train(page, causal(), 'webgpu');
  expect(events).toEqual([{ event: 'error', step: 0, nodeId: null, message: expect.stringMatching(/^the webgpu backend cannot start: .*WebGPU/) }]);
});

test('stop() ends a run early; after a page reload, resume continues from its checkpoint exactly', async ({ page }) => {
  // Long enough that the stop lands well before the end. No evaluation (and so no checkpoint
  // write, which waits on IndexedDB) before step 100: the stop must get in between plain steps,
  // which on wasm only works because the worker yields to its event loop while training.
  const doc = causal({ optimizer: { ...STEPS, steps: 150, evalInterval: 100 } });
  const whole = expectSteps((await train(page, doc, 'wasm')).events, 1, 150);

  const part = await train(page, doc, 'wasm', { stopAtStep: 3 });
  const done = part.events.at(-1) as Ev<'done'>;
  expect(done).toMatchObject({ event: 'done', stopped: true });
  expect(done.step).toBeGreaterThanOrEqual(3);
  expect(done.step).toBeLessThan(100);
  const stoppedAt = done.step;
  expect(expectSteps(part.events, 1, stoppedAt)).toEqual(whole.slice(0, stoppedAt));
  expect(all(part.events, 'checkpoint').at(-1)).toMatchObject({ step: stoppedAt });

  // nothing but IndexedDB survives a reload
  await page.reload();
  await page.waitForFunction(() => 'workerHarness' in window);
  expect(await page.evaluate((id) => window.workerHarness.latestCheckpoint(id), part.runId)).toMatchObject({ step: stoppedAt, totalSteps: 150 });
  expect((await page.evaluate(() => window.workerHarness.listRuns())).map((r) => r.runId)).toContain(part.runId);

  const rest = await train(page, doc, 'wasm', { resumeRunId: part.runId });
  expect(rest.runId).toBe(part.runId);
  expect(one(rest.events, 'start')).toMatchObject({ step: stoppedAt, totalSteps: 150 });
  expect(expectSteps(rest.events, stoppedAt + 1, 150)).toEqual(whole.slice(stoppedAt));
  expect(rest.events.at(-1)).toMatchObject({ event: 'done', step: 150, stopped: false });
});

test('kill() ends a run at once (a third Stop): no event after it, and the next run gets a fresh worker', async ({ page }) => {
  const doc = causal({ optimizer: { ...STEPS, steps: 400, evalInterval: 1000 } });
  const workers = await page.evaluate(() => window.workerHarness.workersCreated());
  const killed = await train(page, doc, 'wasm', { killAtStep: 2 });
  const last = killed.events.at(-1)!;
  expect(last.event).toBe('step');
  expect((last as Ev<'step'>).step).toBeLessThan(400);
  expect(all(killed.events, 'done')).toHaveLength(0);
  const next = await train(page, causal(), 'wasm');
  expect(next.events.at(-1)).toMatchObject({ event: 'done', step: 20 });
  expect(await page.evaluate(() => window.workerHarness.workersCreated())).toBe(workers + 2);
});

test('errors are pinned to the node that caused them: a NaN loss at the decoder, a graph problem at its node', async ({ page }) => {
  const nan = await train(page, causal({ embed: { initStd: 1e30 } }), 'wasm');
  expect(all(nan.events, 'done')).toHaveLength(0);
  expect(nan.events.at(-1)).toMatchObject({ event: 'error', nodeId: 'decoder', message: expect.stringMatching(/loss became (NaN|Infinity) at step 1/) });

  const broken = await train(page, causal({ decoder: { heads: 3 } }), 'wasm');
  expect(all(broken.events, 'error')).toEqual([{ event: 'error', step: 0, nodeId: 'decoder', message: expect.stringMatching(/heads/) }]);
});

test('preview of the masking node returns one real batch of inputs, targets and weights, decoded', async ({ page }) => {
  const doc = tinyGraph('masked-lm');
  const result = await preview(page, doc, 'masking');
  if (!result.ok) throw new Error(result.message);
  const { inputs, targets, weights } = result.outputs;
  expect(Object.keys(result.outputs).sort()).toEqual(['inputs', 'targets', 'weights']);
  expect(inputs).toMatchObject({ kind: 'tensor', role: 'token-ids', dtype: 'int32', shape: [4, 16] });
  expect(targets).toMatchObject({ kind: 'tensor', role: 'targets', dtype: 'int32', shape: [4, 16] });
  expect(weights).toMatchObject({ kind: 'tensor', role: 'loss-weights', dtype: 'float32', shape: [4, 16] });
  const shown = (inputs!.tokens as string[][]).flat();
  const original = (targets!.tokens as string[][]).flat();
  expect(shown).toHaveLength(64);
  expect(shown).toContain('[MASK]');
  expect(original.join('')).toMatch(/[a-z]{3}/);
  expect(new Set(weights!.data)).toEqual(new Set([0, 1]));
  shown.forEach((t, i) => t !== original[i] && expect(weights!.data![i]).toBe(1));

  const model = await preview(page, doc, 'encoder');
  expect(model).toMatchObject({ ok: false, nodeId: 'encoder', message: expect.stringContaining('model node') });
});

test('user files are read by name; an unknown name is a clear error on the corpus node', async ({ page }) => {
  const base = tinyGraph('causal-lm');
  const fileGraph = (path: string) => ({ ...base, nodes: base.nodes.map((n) => (n.id === 'corpus' ? { ...n, params: { source: 'file', path, valFraction: 0.5 } } : n)) });
  await page.evaluate(() => window.workerHarness.registerUserFiles({ 'diary.txt': 'Dear diary, today I trained a model.\n'.repeat(100) }));
  const ok = await preview(page, fileGraph('diary.txt'), 'tokenizer');
  if (!ok.ok) throw new Error(ok.message);
  expect((ok.outputs.tokens!.tokens as { text: string }[]).map((t) => t.text).join('')).toMatch(/^Dear diary, today/);
  expect(await preview(page, fileGraph('missing.txt'), 'corpus')).toEqual({
    ok: false,
    nodeId: 'corpus',
    message: 'could not load "missing.txt": no file named "missing.txt" has been opened in the app (it has: diary.txt)',
  });
});

test('a worker crash or a fatal message reports crash to the run, and the next call starts a fresh worker that still knows the user files', async ({ page }) => {
  await page.evaluate(() => {
    window.workerHarness.registerUserFiles({ 'notes.txt': 'Some notes to train on, written by hand.\n'.repeat(80) });
    window.workerHarness.crashNextWorker();
  });
  const crashed = await train(page, causal(), 'wasm');
  expect(crashed.events).toEqual([{ event: 'crash', message: expect.stringContaining('simulated worker crash') }]);

  await page.evaluate(() => window.workerHarness.garbleNextWorker());
  const fatal = await train(page, causal(), 'wasm');
  expect(fatal.events.at(-1)).toEqual({ event: 'crash', message: expect.stringContaining('field "type" = "launch"') });

  const base = tinyGraph('causal-lm');
  const doc = { ...base, nodes: base.nodes.map((n) => (n.id === 'corpus' ? { ...n, params: { source: 'file', path: 'notes.txt', valFraction: 0.5 } } : n)) };
  expect(await preview(page, doc, 'corpus')).toMatchObject({ ok: true, nodeId: 'corpus' });
  expect(await page.evaluate(() => window.workerHarness.workersCreated())).toBe(3);
});
