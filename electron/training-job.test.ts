import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initNodeBackend } from '../engine/backend/node-backend.js';
import { tinyGraph } from '../test/support/tiny-graphs.js';
import type { NodeRunEvent } from './ipc-contract.js';
import { runTrainingJob } from './training-job.js';
import { requireTorchInCi, TORCH_PYTHON } from '../test/support/torch-python.js';

// The happy path (a real run in a forked process) is in build/electron-build.test.ts, against
// the built worker. Here: what a person sees when the graph or the backend cannot run.
beforeAll(async () => {
  await initNodeBackend('wasm');
});

async function run(job: Parameters<typeof runTrainingJob>[0]) {
  const events: NodeRunEvent[] = [];
  const ok = await runTrainingJob(job, (e) => events.push(e), new AbortController().signal);
  return { ok, events };
}

describe('a training job that cannot run', () => {
  it('reports a broken graph as errors pinned to its nodes, and writes no run folder', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'pretrain-lab-job-'));
    try {
      const doc = tinyGraph('causal-lm');
      const broken = { ...doc, edges: doc.edges.slice(1) }; // one wire pulled out
      const { ok, events } = await run({ type: 'start', doc: broken, runDir: join(runsDir, 'r1'), backend: 'wasm' });
      expect(ok).toBe(false);
      expect(events[0]).toEqual({ event: 'backend', backend: 'wasm', tried: [] });
      const errors = events.filter((e) => e.event === 'error');
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((e) => e.event === 'error' && typeof e.nodeId === 'string' && e.message.length > 0)).toBe(true);
      expect(errors.map((e) => e.event === 'error' && e.nodeId)).toContain(doc.edges[0]!.to.node);
    } finally {
      rmSync(runsDir, { recursive: true, force: true });
    }
  });

  it('says so when tfjs-node is not there, instead of quietly training elsewhere', async () => {
    let installed = true;
    try {
      await import(/* @vite-ignore */ ['@tensorflow', 'tfjs-node'].join('/'));
    } catch {
      installed = false;
    }
    if (installed) return;
    const { ok, events } = await run({ type: 'start', doc: tinyGraph('causal-lm'), runDir: '/nonexistent/r', backend: 'tensorflow' });
    expect(ok).toBe(false);
    expect(events).toEqual([{ event: 'error', step: 0, nodeId: null, message: expect.stringMatching(/the tensorflow backend is not available: install @tensorflow\/tfjs-node-gpu/) }]);
  });
});

describe('a training job that goes on with a stopped run', () => {
  const runsDir = mkdtempSync(join(tmpdir(), 'pretrain-lab-resume-'));
  afterAll(() => rmSync(runsDir, { recursive: true, force: true }));
  const losses = (events: NodeRunEvent[]) => events.flatMap((e) => (e.event === 'step' ? [[e.step, e.loss] as const] : []));

  it('on a tfjs backend: from its latest checkpoint, with the graph saved there, where an uninterrupted run would be', async () => {
    const doc = tinyGraph('causal-lm');
    const whole = await run({ type: 'start', doc, steps: 7, runDir: join(runsDir, 'whole'), backend: 'wasm' });
    const part = await run({ type: 'start', doc, steps: 4, runDir: join(runsDir, 'part'), backend: 'wasm' });
    expect([whole.ok, part.ok]).toEqual([true, true]);
    // the doc sent along is another graph: the run's own is the one that goes on
    const resumed = await run({ type: 'start', doc: tinyGraph('masked-lm'), steps: 7, runDir: join(runsDir, 'part'), backend: 'wasm', resume: true });
    expect(resumed.ok).toBe(true);
    expect(losses(resumed.events).map(([step]) => step)).toEqual([5, 6, 7]);
    const want = losses(whole.events).slice(4);
    losses(resumed.events).forEach(([, loss], i) => expect(loss).toBeCloseTo(want[i]![1], 5));
    expect(resumed.events.at(-1)).toMatchObject({ event: 'done', step: 7 });
  });

  it('says which folder it could not go on with', async () => {
    const { ok, events } = await run({ type: 'start', doc: tinyGraph('causal-lm'), runDir: join(runsDir, 'never-trained'), backend: 'wasm', resume: true });
    expect(ok).toBe(false);
    expect(events).toEqual([{ event: 'error', step: 0, nodeId: null, message: expect.stringContaining(`cannot resume the run in "${join(runsDir, 'never-trained')}"`) }]);
  });

  requireTorchInCi();
  it.skipIf(!TORCH_PYTHON)('on pytorch: the exported program goes on in the same folder', async () => {
    const doc = tinyGraph('causal-lm');
    const dir = join(runsDir, 'torch');
    const first = await run({ type: 'start', doc, steps: 3, runDir: dir, backend: 'pytorch' });
    expect(first.ok, JSON.stringify(first.events.filter((e) => e.event === 'error'))).toBe(true);
    const resumed = await run({ type: 'start', doc, steps: 5, runDir: dir, backend: 'pytorch', resume: true });
    expect(resumed.ok, JSON.stringify(resumed.events.filter((e) => e.event === 'error'))).toBe(true);
    expect(losses(resumed.events).map(([step]) => step)).toEqual([4, 5]);
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['ckpt-0000003', 'ckpt-0000005', 'latest']));
  });
});
