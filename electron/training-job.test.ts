import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initNodeBackend } from '../engine/backend/node-backend.js';
import { tinyGraph } from '../test/support/tiny-graphs.js';
import type { NodeRunEvent } from './ipc-contract.js';
import { runTrainingJob } from './training-job.js';

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
