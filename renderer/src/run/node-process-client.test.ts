import { describe, expect, it } from 'vitest';
import type { PretrainLabApi } from '../../../electron/ipc-contract.js';
import { createNodeProcessClient, processRunId, withNodeProcess } from './node-process-client.js';
import { resumeBackend, type RunEvent, type TrainingClient } from './training-client.js';
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
    expect(run.runId).toMatch(/^g-\d{8}-\d{6}-[0-9a-z]{4}$/); // it names the run folder too
    s.emit('r1', { event: 'backend', backend: 'tensorflow', tried: [] });
    s.emit('other', { event: 'progress', message: 'not ours' });
    s.answer('r1');
    await Promise.resolve();
    await Promise.resolve();
    s.emit('r1', { event: 'step', step: 1, loss: 2, lr: 0.1, gradNorm: 1, tokensPerSec: 5, etaSeconds: 1 });
    s.emit('r1', done);
    await run.finished;
    expect(got.map((e) => e.event)).toEqual(['progress', 'backend', 'step', 'done']);
    expect(s.calls[0]).toEqual(['train:node-start', { doc, steps: 3, backend: 'tensorflow', runName: run.runId }]);
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
    const run = withNodeProcess(worker, node, ['pytorch']).start({ doc, backend: 'pytorch', steps: 5 }, () => {});
    expect(s.calls[0]).toEqual(['train:node-start', { doc, steps: 5, backend: 'pytorch', runName: run.runId }]);
  });

  it('resumes a stopped run in its own folder: the run keeps its id', async () => {
    const s = scriptedApi();
    const run = createNodeProcessClient(s.api).start({ doc, backend: 'pytorch', steps: 40, resumeRunId: 'g-20261204-101010-ab12' }, () => {});
    expect(run.runId).toBe('g-20261204-101010-ab12');
    expect(s.calls[0]).toEqual(['train:node-start', { doc, steps: 40, backend: 'pytorch', runName: 'g-20261204-101010-ab12', resume: true }]);
  });

  it('names new runs as the CLI names run folders, a few random letters apart', () => {
    const at = new Date(Date.UTC(2026, 11, 4, 10, 11, 12));
    expect(processRunId('Causal LM (GPT-style) on Moby-Dick', at, () => 0.5)).toBe('causal-lm-gpt-style-on-moby-dick-20261204-101112-i000');
    expect(processRunId('???', at, () => 0)).toBe('run-20261204-101112-0000');
    expect(processRunId('x'.repeat(300), at, () => 0.999999).length).toBeLessThanOrEqual(128);
  });
});

describe('what Resume trains on', () => {
  const offered = ['auto', 'webgpu', 'wasm', 'pytorch'] as const;
  it('the chosen backend where it trains beside the checkpoint, else the one the run used', () => {
    // a run folder of the training process: any process backend goes on with it
    expect(resumeBackend('pytorch-cpu', 'pytorch', offered)).toBe('pytorch');
    expect(resumeBackend('tensorflow', 'pytorch', offered)).toBe('pytorch');
    expect(resumeBackend('pytorch-cuda+compile', 'wasm', offered)).toBe('pytorch');
    expect(resumeBackend('tensorflow', 'wasm', offered)).toBe('pytorch');
    // ... and where no process backend is offered, nothing can
    expect(resumeBackend('pytorch-cpu', 'wasm', ['auto', 'wasm'])).toBeNull();
    // the worker's IndexedDB: any worker backend; with a process backend chosen, the run's own
    expect(resumeBackend('webgpu', 'wasm', offered)).toBe('wasm');
    expect(resumeBackend('webgpu', 'pytorch', offered)).toBe('webgpu');
    expect(resumeBackend('webgl', 'pytorch', offered)).toBe('auto');
  });
});
