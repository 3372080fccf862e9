import { describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../../engine/backend/node-backend.js';
import { DirectoryCheckpointStore, loadCheckpoint } from '../../../engine/train/node-checkpoint-store.js';
import { createRegistry } from '../../../graph-nodes/index.js';
import { tinyGraph } from '../../../test/support/tiny-graphs.js';
import { createBrowserDataSource } from '../../worker/browser-data-source.js';
import { parseFromWorker, toWorkerMessage } from '../../worker/protocol.js';
import { createWorkerHost } from '../../worker/worker-host.js';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompareHandle, CompareRequest, CompareRunEvent } from './compare-events.js';
import { CompareController, type CompareRunner } from './compare-controller.js';
import type { CompareState } from './compare-state.js';

/**
 * The controller over the real worker host in Node (wasm, checkpoints in a folder), its messages
 * passed through the protocol's checks as a Worker would pass them; storage is a variable.
 */
function inProcessWorker(): CompareRunner {
  const dir = mkdtempSync(join(tmpdir(), 'pl-compare-controller-'));
  const follow = new Map<string, { onEvent(e: CompareRunEvent): void; settle(): void }>();
  const host = createWorkerHost({
    post(m) {
      const got = parseFromWorker(structuredClone(m));
      if (!got.ok) throw new Error(got.error);
      if (got.message.type !== 'compareEvent') return;
      const f = follow.get(got.message.payload.compareId);
      for (const e of got.message.payload.events) f?.onEvent(e);
      if (got.message.payload.final) f?.settle();
    },
    initBackend: async () => ({ backend: await initNodeBackend('wasm'), tried: [] }),
    registry: createRegistry(),
    data: createBrowserDataSource(),
    checkpoints: { store: (id) => new DirectoryCheckpointStore(join(dir, id)), loadLatest: async () => null },
    compareCheckpoints: {
      store: (id) => new DirectoryCheckpointStore(join(dir, id)),
      latest: async (id) => (existsSync(join(dir, id, 'latest')) ? loadCheckpoint(join(dir, id)) : null),
      forget: async (id) => rmSync(join(dir, id), { recursive: true, force: true }),
      keepOnly: async () => {},
    },
    stepIntervalMs: 0,
  });
  return {
    compare(req: CompareRequest, onEvent): CompareHandle {
      let settle!: () => void;
      const finished = new Promise<void>((r) => (settle = r));
      follow.set(req.compareId, { onEvent, settle });
      queueMicrotask(() => host.receive(toWorkerMessage('compare', req)));
      return { compareId: req.compareId, finished, stop: () => host.receive(toWorkerMessage('stop', { runId: req.compareId })) };
    },
  };
}

const causal = tinyGraph('causal-lm', { blocks: { blockSize: 33 }, positions: { maxLength: 32 } });
const immediately = (flush: () => void) => {
  const t = setTimeout(flush, 0);
  return () => clearTimeout(t);
};

describe('the compare controller', () => {
  // polls are wall-clock assertions: generous, like the test's own timeout (two compares)
  it('runs a compare in the worker host, saves what it measured, holds a Stop until the compare has stopped, and continues it', async () => {
    let saved: CompareState | null = null;
    const controller = new CompareController(inProcessWorker(), { save: async (s) => void (saved = structuredClone(s)), load: async () => ({ state: null }) }, immediately);
    const settings = { graphs: [{ source: 'causal.graph.json', doc: causal }], budgetTokens: 640, seeds: 2, backend: 'wasm' as const };
    const statuses: string[] = [];
    let stopAsked = false;
    controller.subscribe(() => {
      const s = controller.getState();
      statuses.push(s.status);
      // stop once, when the first run is measured and the second is training
      if (!stopAsked && s.status === 'running' && s.runs[1]?.phase === 'training') {
        stopAsked = true;
        controller.stop();
      }
    });
    controller.start(settings);
    await expect.poll(() => controller.getState().status, { timeout: 280_000 }).toBe('stopped');
    expect(statuses).toContain('stopping');
    // after Stop nothing said "running" again before it stopped
    expect(statuses.slice(statuses.indexOf('stopping'))).not.toContain('running');
    const stopped = controller.getState();
    expect(Object.keys(stopped.results)).toEqual(['01-causal-lm-gpt-style-on-moby-dick-seed1337']);
    expect(saved!.status).toBe('stopped');
    expect(saved!.results).toEqual(stopped.results);

    controller.continue();
    await expect.poll(() => controller.getState().status, { timeout: 280_000 }).toBe('done');
    const done = controller.getState();
    expect(done.compareId).toBe(stopped.compareId);
    expect(done.runs.map((r) => [r.phase, r.kept])).toEqual([
      ['measured', false],
      ['measured', false],
    ]);
    expect(Object.keys(done.results)).toHaveLength(2);
    expect(saved!.status).toBe('done');
  }, 600_000);
});
