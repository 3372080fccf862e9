import { describe, expect, it } from 'vitest';
import type { PretrainLabApi } from '../../../electron/ipc-contract.js';
import { createNodeProcessClient, withNodeProcess } from './node-process-client.js';
import type { RunEvent, TrainingClient } from './training-client.js';
import { emptyDocument } from '../document/edits.js';

/**
 * Electron cannot start on these machines, so the preload's API is played by a script that
 * answers as main does (see electron/main.ts): start names a run, events follow on train:event.
 */
function scriptedApi() {
  const listeners = new Set<(p: { runId: string; event: RunEvent }) => void>();
  const calls: [string, unknown][] = [];
  let answerStart!: (v: { runId: string; runDir: string }) => void;
  const api = {
    invoke(channel: string, params: unknown) {
      calls.push([channel, params]);
      if (channel === 'train:node-start') return new Promise((resolve) => (answerStart = resolve));
      return Promise.resolve(null);
    },
    on(_channel: string, l: (p: { runId: string; event: RunEvent }) => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  } as unknown as PretrainLabApi;
  return {
    api,
    calls,
    emit: (runId: string, event: RunEvent) => [...listeners].forEach((l) => l({ runId, event })),
    answer: (runId: string) => answerStart({ runId, runDir: `/runs/${runId}` }),
    listeners,
  };
}

const doc = emptyDocument('g');
const done: RunEvent = { event: 'done', step: 3, valLoss: 1, metrics: {}, backend: 'tensorflow', checkpoint: '/runs/r1/ckpt', stopped: false };

describe('training in the tfjs-node utility process', () => {
  it('forwards the run\'s events in order, including any that came before start answered, and ends on done', async () => {
    const s = scriptedApi();
    const got: RunEvent[] = [];
    const run = createNodeProcessClient(s.api).start({ doc, backend: 'tensorflow', steps: 3 }, (e) => got.push(e));
    s.emit('r1', { event: 'backend', backend: 'tensorflow', tried: [] });
    s.emit('other', { event: 'progress', message: 'not ours' });
    s.answer('r1');
    await Promise.resolve();
    await Promise.resolve();
    s.emit('r1', { event: 'step', step: 1, loss: 2, lr: 0.1, gradNorm: 1, tokensPerSec: 5, etaSeconds: 1 });
    s.emit('r1', done);
    await run.finished;
    expect(got.map((e) => e.event)).toEqual(['progress', 'backend', 'step', 'done']);
    expect(s.calls[0]).toEqual(['train:node-start', { doc, steps: 3, backend: 'tensorflow' }]);
    expect(s.listeners.size).toBe(0);
  });

  it('a stop asked before the run is named is sent once it is', async () => {
    const s = scriptedApi();
    const run = createNodeProcessClient(s.api).start({ doc, backend: 'tensorflow' }, () => {});
    run.stop();
    s.answer('r2');
    await new Promise((r) => setTimeout(r, 0));
    expect(s.calls).toContainEqual(['train:node-stop', { runId: 'r2' }]);
  });

  it('the tensorflow choice goes to the utility process, everything else and previews to the worker', () => {
    const used: string[] = [];
    const worker: TrainingClient = {
      backends: ['auto', 'wasm'],
      start: () => (used.push('worker'), { runId: 'w', stop() {}, finished: Promise.resolve() }),
      preview: () => (used.push('worker-preview'), Promise.reject(new Error('x'))),
      dispose() {},
    };
    const client = withNodeProcess(worker, { start: () => (used.push('node'), { runId: 'n', stop() {}, finished: Promise.resolve() }) });
    expect(client.backends).toEqual(['auto', 'wasm', 'tensorflow']);
    client.start({ doc, backend: 'tensorflow' }, () => {});
    client.start({ doc, backend: 'wasm' }, () => {});
    void client.preview(doc, 'x').catch(() => {});
    expect(used).toEqual(['node', 'worker', 'worker-preview']);
    expect(withNodeProcess(worker, null)).toBe(worker);
  });

  it('offers PyTorch where main found a Python with torch, and asks main to train there', async () => {
    const worker: TrainingClient = { backends: ['auto', 'wasm'], start: () => ({ runId: 'w', stop() {}, finished: Promise.resolve() }), preview: () => Promise.reject(new Error('x')), dispose() {} };
    const s = scriptedApi();
    const node = createNodeProcessClient(s.api);
    expect(withNodeProcess(worker, node, ['pytorch']).backends).toEqual(['auto', 'wasm', 'pytorch']);
    expect(withNodeProcess(worker, node, ['tensorflow', 'pytorch']).backends).toEqual(['auto', 'wasm', 'tensorflow', 'pytorch']);
    expect(withNodeProcess(worker, node, [])).toBe(worker);
    withNodeProcess(worker, node, ['pytorch']).start({ doc, backend: 'pytorch', steps: 5 }, () => {});
    expect(s.calls[0]).toEqual(['train:node-start', { doc, steps: 5, backend: 'pytorch' }]);
    // resuming is the CLI's (tensorflow) or not yet offered (pytorch): said, not silently restarted
    const got: RunEvent[] = [];
    await node.start({ doc, backend: 'pytorch', resumeRunId: 'x' }, (e) => got.push(e)).finished;
    expect(got).toEqual([{ event: 'error', step: 0, nodeId: null, message: expect.stringMatching(/^a run on the pytorch backend is not resumed in the app: run again from the start/) }]);
    expect(s.calls).toHaveLength(1);
  });
});
