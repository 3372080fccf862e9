import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initNodeBackend } from '../../engine/backend/node-backend.js';
import { DirectoryCheckpointStore, loadCheckpoint } from '../../engine/train/node-checkpoint-store.js';
import { createRegistry } from '../../graph-nodes/index.js';
import { writeTorchProgram } from '../../engine/export-torch/node-torch-export.js';
import { tinyGraph } from '../../test/support/tiny-graphs.js';
import type { RunEvent } from '../src/run/training-client.js';
import type { CompareRunEvent } from '../src/compare/compare-events.js';
import { createBrowserDataSource } from './browser-data-source.js';
import { toWorkerMessage, type FromWorkerMessage, parseFromWorker } from './protocol.js';
import { createWorkerHost } from './worker-host.js';

/**
 * The worker's message handling, run in Node on the real engine (wasm backend, the CLI's
 * directory checkpoints standing in for IndexedDB). The browser side is test/e2e/worker.spec.ts.
 */
function setup(stepIntervalMs?: number) {
  const dir = mkdtempSync(join(tmpdir(), 'pl-worker-host-'));
  const compareDir = join(dir, 'compares');
  const posted: FromWorkerMessage[] = [];
  const listeners: ((m: FromWorkerMessage) => void)[] = [];
  const host = createWorkerHost({
    post(m) {
      // everything the host sends must pass the UI side's validation
      const checked = parseFromWorker(structuredClone(m));
      if (!checked.ok) throw new Error(checked.error);
      posted.push(m);
      for (const l of listeners) l(m);
    },
    initBackend: async (choice) => {
      if (choice !== 'wasm') throw new Error(`the ${choice} backend cannot start: not in Node`);
      return { backend: await initNodeBackend('wasm'), tried: [] };
    },
    registry: createRegistry(),
    data: createBrowserDataSource(),
    checkpoints: {
      store: (runId) => new DirectoryCheckpointStore(join(dir, runId)),
      loadLatest: (runId) => loadCheckpoint(join(dir, runId)).catch(() => null),
    },
    compareCheckpoints: {
      store: (id) => new DirectoryCheckpointStore(join(compareDir, id)),
      latest: async (id) => (existsSync(join(compareDir, id, 'latest')) ? loadCheckpoint(join(compareDir, id)) : null),
      forget: async (id) => rmSync(join(compareDir, id), { recursive: true, force: true }),
      keepOnly: async (prefix) => {
        for (const name of existsSync(compareDir) ? readdirSync(compareDir) : []) if (!`${name}/`.startsWith(prefix)) rmSync(join(compareDir, name), { recursive: true });
      },
    },
    stepIntervalMs,
  });
  /** events of the `nth` run with this id (0: the first), up to its final message */
  const runEvents = (runId: string, nth = 0) =>
    new Promise<RunEvent[]>((resolve) => {
      let seen = 0;
      let events: RunEvent[] = [];
      const collect = (m: FromWorkerMessage) => {
        if (m.type !== 'event' || m.payload.runId !== runId || seen > nth) return;
        events.push(...m.payload.events);
        if (!m.payload.final) return;
        if (seen++ === nth) resolve(events);
        events = [];
      };
      posted.forEach(collect);
      listeners.push(collect);
    });
  /** events of the `nth` compare with this id (0: the first), up to its final message */
  const compareEvents = (compareId: string, nth = 0) =>
    new Promise<CompareRunEvent[]>((resolve) => {
      let seen = 0;
      let events: CompareRunEvent[] = [];
      const collect = (m: FromWorkerMessage) => {
        if (m.type !== 'compareEvent' || m.payload.compareId !== compareId || seen > nth) return;
        events.push(...m.payload.events);
        if (!m.payload.final) return;
        if (seen++ === nth) resolve(events);
        events = [];
      };
      posted.forEach(collect);
      listeners.push(collect);
    });
  return { host, posted, listeners, runEvents, compareEvents, compareDir };
}

const doc = tinyGraph('causal-lm', { optimizer: { steps: 12, evalInterval: 5, evalBatches: 1, warmupSteps: 2 } });
const stepsOf = (events: RunEvent[]) => events.flatMap((e) => (e.event === 'step' ? [e] : []));

describe('the training worker host', () => {
  it('trains, forwarding every event in order, and ends with a final done', async () => {
    const { host, runEvents } = setup();
    host.receive(toWorkerMessage('start', { runId: 'a', doc, backend: 'wasm', resume: false }));
    const events = await runEvents('a');
    expect(events.map((e) => e.event).filter((e) => e !== 'step' && e !== 'progress')).toEqual(['backend', 'start', 'eval', 'checkpoint', 'eval', 'checkpoint', 'eval', 'checkpoint', 'output', 'done']);
    expect(stepsOf(events).map((e) => e.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(events.at(-1)).toMatchObject({ event: 'done', step: 12, backend: 'wasm', stopped: false });
    expect(host.activeRunId()).toBeNull();
  });

  it('stops on request, and resumes from the checkpoint exactly where an uninterrupted run would be', async () => {
    // every step sent as it happens, so the stop lands right after step 4
    const { host, runEvents, listeners } = setup(0);
    host.receive(toWorkerMessage('start', { runId: 'whole', doc, backend: 'wasm', resume: false }));
    const whole = stepsOf(await runEvents('whole')).map((e) => e.loss);

    listeners.push((m) => {
      if (m.type === 'event' && m.payload.runId === 'part' && m.payload.events.some((e) => e.event === 'step' && e.step === 4)) {
        host.receive(toWorkerMessage('stop', { runId: 'part' }));
      }
    });
    host.receive(toWorkerMessage('start', { runId: 'part', doc, backend: 'wasm', resume: false }));
    const part = await runEvents('part');
    expect(part.at(-1)).toMatchObject({ event: 'done', step: 4, stopped: true });

    // the resumed run uses the graph saved with the checkpoint, whatever doc comes with it
    host.receive(toWorkerMessage('start', { runId: 'part', doc: tinyGraph('masked-lm'), backend: 'wasm', resume: true }));
    const rest = await runEvents('part', 1);
    expect(rest.find((e) => e.event === 'start')).toMatchObject({ step: 4, totalSteps: 12 });
    expect([...stepsOf(part), ...stepsOf(rest)].map((e) => e.loss)).toEqual(whole);
    expect(rest.at(-1)).toMatchObject({ event: 'done', step: 12, stopped: false });
  });

  it('a second stop skips the final evaluation and outputs; the checkpoint is still written', async () => {
    const { host, runEvents, listeners } = setup(0);
    listeners.push((m) => {
      if (m.type === 'event' && m.payload.runId === 'twice' && m.payload.events.some((e) => e.event === 'step' && e.step === 2)) {
        host.receive(toWorkerMessage('stop', { runId: 'twice' }));
        host.receive(toWorkerMessage('stop', { runId: 'twice' }));
      }
    });
    host.receive(toWorkerMessage('start', { runId: 'twice', doc, backend: 'wasm', resume: false }));
    const events = await runEvents('twice');
    expect(events.map((e) => e.event).filter((e) => e !== 'step' && e !== 'progress')).toEqual(['backend', 'start', 'checkpoint', 'done']);
    expect(events.at(-1)).toMatchObject({ event: 'done', step: 2, stopped: true });
  });

  it('turns graph problems into error events pinned to their nodes, one per problem', async () => {
    const { host, runEvents } = setup();
    const broken = tinyGraph('causal-lm', { decoder: { heads: 3 }, sample: { temperature: 0 } });
    host.receive(toWorkerMessage('start', { runId: 'g', doc: broken, backend: 'wasm', resume: false }));
    const errors = (await runEvents('g')).filter((e) => e.event === 'error');
    expect(errors.map((e) => e.nodeId).sort()).toEqual(['decoder', 'sample']);
  });

  it('pins a non-finite loss to the node where it starts', async () => {
    const { host, runEvents } = setup();
    host.receive(toWorkerMessage('start', { runId: 'nan', doc: tinyGraph('causal-lm', { embed: { initStd: 1e30 } }), backend: 'wasm', resume: false }));
    const events = await runEvents('nan');
    expect(events.at(-1)).toMatchObject({ event: 'error', nodeId: 'decoder', message: expect.stringMatching(/loss became (NaN|Infinity) at step 1/) });
  });

  it('answers a backend that cannot start, a missing checkpoint and a second run with errors', async () => {
    const { host, runEvents } = setup();
    host.receive(toWorkerMessage('start', { runId: 'gpu', doc, backend: 'webgpu', resume: false }));
    expect(await runEvents('gpu')).toEqual([{ event: 'error', step: 0, nodeId: null, message: 'the webgpu backend cannot start: not in Node' }]);
    host.receive(toWorkerMessage('start', { runId: 'never-ran', doc, backend: 'wasm', resume: true }));
    expect((await runEvents('never-ran')).at(-1)).toEqual({ event: 'error', step: 0, nodeId: null, message: 'run never-ran has no checkpoint to resume from' });

    host.receive(toWorkerMessage('start', { runId: 'first', doc, backend: 'wasm', resume: false }));
    host.receive(toWorkerMessage('start', { runId: 'second', doc, backend: 'wasm', resume: false }));
    expect(await runEvents('second')).toEqual([{ event: 'error', step: 0, nodeId: null, message: `run first (“${doc.name}”) is still going in this worker; stop it before starting another` }]);
    await runEvents('first');
  });

  it('sends malformed messages back as errors where they can be placed, and as fatal where not', () => {
    const { host, posted } = setup();
    host.receive({ type: 'start', payload: { runId: 'bad', backend: 'wasm', resume: false } });
    host.receive({ type: 'preview', payload: { requestId: 7, nodeId: 'x' } });
    host.receive({ type: 'launch' });
    expect(posted).toEqual([
      { type: 'event', payload: { runId: 'bad', final: true, events: [{ event: 'error', step: 0, nodeId: null, message: expect.stringContaining('field "payload.doc"') }] } },
      { type: 'requestError', payload: { requestId: 7, nodeId: null, message: expect.stringContaining('field "payload.doc"') } },
      { type: 'fatal', payload: { message: expect.stringContaining('field "type" = "launch"') } },
    ]);
  });

  it('previews on request, and pins a preview error to its node', async () => {
    const { host, posted } = setup();
    host.receive(toWorkerMessage('preview', { requestId: 1, doc, nodeId: 'shift' }));
    host.receive(toWorkerMessage('preview', { requestId: 2, doc, nodeId: 'head' }));
    await expect.poll(() => posted.length).toBe(2);
    const byId = new Map(posted.map((m) => [(m.payload as { requestId: number }).requestId, m]));
    expect(byId.get(1)).toMatchObject({ type: 'previewResult', payload: { result: { nodeId: 'shift' } } });
    expect(byId.get(2)).toMatchObject({ type: 'requestError', payload: { nodeId: 'head', message: expect.stringContaining('is a model node') } });
  });

  it('exports a graph as the same PyTorch program and data files the CLI writes, and pins an export error to its node', async () => {
    const { host, posted } = setup();
    host.receive(toWorkerMessage('exportPytorch', { requestId: 1, doc }));
    const broken = { ...doc, edges: doc.edges.slice(1) };
    host.receive(toWorkerMessage('exportPytorch', { requestId: 2, doc: broken }));
    await expect.poll(() => posted.length, { timeout: 280_000 }).toBe(2);
    const byId = new Map(posted.map((m) => [(m.payload as { requestId: number }).requestId, m]));
    const got = byId.get(1) as Extract<FromWorkerMessage, { type: 'exportResult' }>;
    expect(got.type).toBe('exportResult');
    // the CLI's export of the same graph, from this checkout's Python files
    const out = mkdtempSync(join(tmpdir(), 'pl-worker-export-'));
    try {
      await writeTorchProgram(doc, createRegistry(), join(out, 'p.py'));
      expect(got.payload.source).toBe(readFileSync(join(out, 'p.py'), 'utf8'));
      expect(got.payload.files.map((f) => f.name).sort()).toEqual(readdirSync(join(out, 'p.data')).sort());
      for (const f of got.payload.files) expect(Buffer.from(f.bytes).equals(readFileSync(join(out, 'p.data', f.name))), f.name).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    expect(byId.get(2)).toMatchObject({ type: 'requestError', payload: { nodeId: doc.edges[0]!.to.node } });
  });
});

describe('a compare in the training worker host', () => {
  // the yardsticks read 32-token items: blocks that long (as test/cli/compare.test.ts)
  const causal = tinyGraph('causal-lm', { blocks: { blockSize: 33 }, positions: { maxLength: 32 } });
  const masked = tinyGraph('masked-lm', { blocks: { blockSize: 32 }, positions: { maxLength: 32 } });
  // compiles (so the compare plans it), then its loss is NaN at the first step
  const blowsUp = { ...tinyGraph('causal-lm', { blocks: { blockSize: 33 }, positions: { maxLength: 32 }, embed: { initStd: 1e30 } }), name: 'Blows up' };
  const request = (compareId: string, graphs: { source: string; doc: typeof causal }[], seeds = 1, completed = {}) =>
    toWorkerMessage('compare', { compareId, graphs, budgetTokens: 640, seeds, backend: 'wasm', completed });

  it('trains every graph on the same budget and measures it; a graph that fails mid-compare is named, with its node, and the compare goes on without it', async () => {
    const { host, compareEvents } = setup();
    host.receive(request('c1', [{ source: 'causal.graph.json', doc: causal }, { source: 'blows-up.graph.json', doc: blowsUp }, { source: 'masked.graph.json', doc: masked }], 2));
    const events = await compareEvents('c1');
    expect(events[0]).toMatchObject({ event: 'backend', backend: 'wasm' });
    // 640 tokens: 5 steps of 4 blocks of 33 (the shift reads 33 to train on 32), 5 of 4 blocks of 32
    const plan = events.find((e) => e.event === 'plan');
    expect(plan).toMatchObject({ runs: [{ graph: 'causal.graph.json', steps: 5 }, {}, { graph: 'blows-up.graph.json', steps: 5 }, {}, { graph: 'masked.graph.json', steps: 5 }, {}] });
    const results = events.flatMap((e) => (e.event === 'result' ? [e.result] : []));
    expect(results.map((r) => r.graph)).toEqual(['causal.graph.json', 'causal.graph.json', 'masked.graph.json', 'masked.graph.json']);
    expect(results[0]!.losses).toHaveLength(5);
    expect(results[0]!.measures.generation.value).toBeTypeOf('number');
    expect(results[2]!.measures.generation).toMatchObject({ value: null, note: expect.stringMatching(/both sides/) });
    expect(events.some((e) => e.event === 'measure' && e.yardstick === 'linear probe')).toBe(true);
    // its first seed fails; its second is left out, and the masked LM after it still trains
    expect(events.filter((e) => e.event === 'failed')).toEqual([
      { event: 'failed', index: 2, graph: 'blows-up.graph.json', graphName: 'Blows up', seed: blowsUp.seed, during: 'training', nodeId: 'decoder', message: expect.stringMatching(/loss became (NaN|Infinity) at step 1/), skipped: [3] },
    ]);
    expect(events.filter((e) => e.event === 'run').map((e) => (e as { index: number }).index)).toEqual([0, 1, 2, 4, 5]);
    expect(events.at(-1)).toEqual({ event: 'done', stopped: false });
    expect(host.activeRunId()).toBeNull();
  });

  it('stops between runs, keeping the measured ones; continued with them, it skips them and trains the rest', async () => {
    const { host, compareEvents, listeners, compareDir } = setup(0);
    listeners.push((m) => {
      if (m.type === 'compareEvent' && m.payload.compareId === 'c2' && m.payload.events.some((e) => e.event === 'train' && e.index === 1 && e.step === 2)) {
        host.receive(toWorkerMessage('stop', { runId: 'c2' }));
      }
    });
    const graphs = [{ source: 'causal.graph.json', doc: causal }];
    host.receive(request('c2', graphs, 2));
    const first = await compareEvents('c2');
    expect(first.at(-1)).toEqual({ event: 'done', stopped: true });
    const kept = first.flatMap((e) => (e.event === 'result' ? [e] : []));
    expect(kept.map((e) => e.index)).toEqual([0]);
    // the run cut at step 2 kept its checkpoint; the measured one's is gone
    expect(readdirSync(join(compareDir, 'c2'))).toEqual(['01-causal-lm-gpt-style-on-moby-dick-seed1338']);

    host.receive(request('c2', graphs, 2, { '01-causal-lm-gpt-style-on-moby-dick-seed1337': kept[0]!.result }));
    const rest = await compareEvents('c2', 1);
    expect(rest.filter((e) => e.event === 'run')).toMatchObject([{ index: 0, stored: true }, { index: 1, stored: false, resumed: true }]);
    expect(rest.filter((e) => e.event === 'train').map((e) => (e as { step: number }).step)).toEqual([3, 4, 5]);
    expect(rest.at(-1)).toEqual({ event: 'done', stopped: false });
  });

  it('refuses a compare while a run goes on, and a malformed compare, as compare errors', async () => {
    const { host, runEvents, compareEvents } = setup();
    host.receive(toWorkerMessage('start', { runId: 'busy', doc, backend: 'wasm', resume: false }));
    host.receive(request('c3', [{ source: 'causal.graph.json', doc: causal }]));
    expect(await compareEvents('c3')).toEqual([{ event: 'error', graph: null, graphName: null, nodeId: null, message: `run busy (“${doc.name}”) is still going in this worker; stop it before comparing` }]);
    await runEvents('busy');
    host.receive({ type: 'compare', payload: { compareId: 'c4', graphs: [], budgetTokens: 1000, seeds: 1, backend: 'wasm', completed: {} } });
    expect(await compareEvents('c4')).toEqual([{ event: 'error', graph: null, graphName: null, nodeId: null, message: expect.stringContaining('give at least one graph to compare') }]);
  });
});
