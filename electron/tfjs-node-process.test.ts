import { describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectTfjsNode, NodeTrainingHost, TFJS_NODE_PACKAGES, type UtilityChild } from './tfjs-node-process.js';
import type { NodeRunEvent } from './ipc-contract.js';

const doc = JSON.parse(readFileSync('samples/causal-lm.graph.json', 'utf8'));

class FakeChild extends EventEmitter implements UtilityChild {
  sent: unknown[] = [];
  killed = 0;
  postMessage(m: unknown) {
    this.sent.push(m);
  }
  kill() {
    this.killed++;
    queueMicrotask(() => this.emit('exit', 0));
    return true;
  }
}

function host(over: Partial<ConstructorParameters<typeof NodeTrainingHost>[0]> = {}) {
  const children: FakeChild[] = [];
  const events: [string, NodeRunEvent][] = [];
  const h = new NodeTrainingHost({
    fork: vi.fn(() => {
      const c = new FakeChild();
      children.push(c);
      return c;
    }),
    workerPath: '/app/dist/electron/tfjs-node-worker.js',
    runsDir: '/data/runs',
    emit: (id, e) => events.push([id, e]),
    now: () => new Date(Date.UTC(2026, 2, 4, 5, 6, 7)),
    ...over,
  });
  return { h, children, events };
}

describe('finding tfjs-node', () => {
  it('prefers the GPU package, then the CPU one, and says why when neither is there', () => {
    const only = (pkg: string) => (id: string) => {
      if (id === `${pkg}/package.json`) return `/nm/${id}`;
      throw new Error('not found');
    };
    expect(detectTfjsNode(only('@tensorflow/tfjs-node-gpu'))).toMatchObject({ available: true, package: '@tensorflow/tfjs-node-gpu' });
    expect(detectTfjsNode(only('@tensorflow/tfjs-node'))).toMatchObject({ available: true, package: '@tensorflow/tfjs-node' });
    const none = detectTfjsNode(only('nothing'));
    expect(none).toEqual({
      available: false,
      package: null,
      reason: 'neither @tensorflow/tfjs-node-gpu nor @tensorflow/tfjs-node is installed (optional dependencies; their install downloads libtensorflow)',
    });
  });

  it('answers on this machine without loading anything or throwing', () => {
    const r = createRequire(import.meta.url);
    const installed = TFJS_NODE_PACKAGES.filter((p) => {
      try {
        r.resolve(`${p}/package.json`);
        return true;
      } catch {
        return false;
      }
    });
    const a = detectTfjsNode();
    expect(a.available).toBe(installed.length > 0);
    expect(a.package).toBe(installed[0] ?? null);
  });
});

describe('the tfjs-node training host', () => {
  it('forks one process per run, starts it, and forwards its events under the run id', async () => {
    const { h, children, events } = host();
    const { runId, runDir } = await h.start(doc, 50);
    expect(runId).toBe('causal-lm-gpt-style-on-moby-dick-20260304-050607-1'); // the CLI's run-folder name, numbered
    expect(runDir).toBe(join('/data/runs', runId));
    expect(children).toHaveLength(1);
    expect(children[0]!.sent).toEqual([]); // not before the worker is listening
    children[0]!.emit('message', { type: 'ready' });
    expect(children[0]!.sent).toEqual([{ type: 'start', doc, runDir, backend: 'tensorflow', steps: 50 }]);
    children[0]!.emit('message', { type: 'event', event: { event: 'backend', backend: 'tensorflow', tried: [] } });
    children[0]!.emit('message', { type: 'event', event: { event: 'step', step: 1, loss: 4.2, lr: 0, gradNorm: 1, tokensPerSec: 1, etaSeconds: 1 } });
    expect(events.map(([id, e]) => [id, e.event])).toEqual([
      [runId, 'backend'],
      [runId, 'step'],
    ]);
  });

  it('names the run folder as the renderer asks, and resumes only a run folder that is in its runs', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'pretrain-lab-runs-'));
    try {
      const { h, children } = host({ runsDir });
      const first = await h.start(doc, 8, 'pytorch', { name: 'causal-20261204-1' });
      expect(first).toEqual({ runId: 'causal-20261204-1', runDir: join(runsDir, 'causal-20261204-1') });
      children[0]!.emit('message', { type: 'finished', ok: true });
      await h.ended(first.runId);
      mkdirSync(first.runDir);
      // a new run may not take a folder that exists; a resumed one must find its own
      await expect(h.start(doc, 8, 'pytorch', { name: 'causal-20261204-1' })).rejects.toThrow(`a run named "causal-20261204-1" exists already in ${runsDir}`);
      await expect(h.start(doc, 8, 'pytorch', { name: 'gone', resume: true })).rejects.toThrow(`there is no run "gone" in ${runsDir} to resume`);
      for (const name of ['../elsewhere', '..', 'a/b', '.hidden', 'x'.repeat(129), '']) await expect(h.start(doc, 8, 'pytorch', { name, resume: true })).rejects.toThrow('is not a run name');
      symlinkSync(tmpdir(), join(runsDir, 'link'));
      await expect(h.start(doc, 8, 'pytorch', { name: 'link', resume: true })).rejects.toThrow(`run "link" in ${runsDir} is not a folder`);
      await expect(h.start(doc, 8, 'pytorch', { resume: true })).rejects.toThrow('resuming needs the name of the run');
      const again = await h.start(doc, 30, 'tensorflow', { name: 'causal-20261204-1', resume: true });
      children.at(-1)!.emit('message', { type: 'ready' });
      expect(children.at(-1)!.sent).toEqual([{ type: 'start', doc, runDir: again.runDir, backend: 'tensorflow', steps: 30, resume: true }]);
      expect(children).toHaveLength(2); // the refused starts forked nothing
    } finally {
      rmSync(runsDir, { recursive: true, force: true });
    }
  });

  it('runs one at a time, and ends the process when the run finishes', async () => {
    const { h, children, events } = host();
    const { runId } = await h.start(doc);
    await expect(h.start(doc)).rejects.toThrow('a run is already going in a training process; stop it first');
    children[0]!.emit('message', { type: 'finished', ok: true });
    expect(children[0]!.killed).toBe(1);
    await h.ended(runId);
    expect(h.active).toEqual([]);
    expect(events).toEqual([]); // a finished run is no crash
    await h.start(doc); // the next may start
    expect(children).toHaveLength(2);
  });

  it('starts the next run once one that reported its end has closed (Resume right after Stop), and ends one that lingers', async () => {
    vi.useFakeTimers();
    try {
      const { h, children } = host({ stopGraceMs: 5000 });
      const { runId } = await h.start(doc);
      children[0]!.emit('message', { type: 'ready' });
      children[0]!.emit('message', { type: 'event', event: { event: 'done', step: 3, valLoss: 1, metrics: {}, backend: 'pytorch-cpu', checkpoint: '/c', stopped: true } });
      // its process is still closing: the next start waits for it rather than refusing
      const next = h.start(doc, undefined, 'pytorch', { name: 'next-run' });
      await vi.advanceTimersByTimeAsync(4999);
      expect(children).toHaveLength(1);
      expect(children[0]!.killed).toBe(0);
      await vi.advanceTimersByTimeAsync(1); // it never said `finished`: ended after the grace period
      expect(children[0]!.killed).toBe(1);
      expect((await next).runId).toBe('next-run');
      expect(children).toHaveLength(2);
      await h.ended(runId);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports a process that dies mid-run as a crash', async () => {
    const { h, children, events } = host();
    const { runId } = await h.start(doc);
    children[0]!.emit('exit', 134);
    await h.ended(runId);
    expect(events).toEqual([[runId, { event: 'crash', message: 'the training process ended (exit code 134) before the run finished' }]]);
  });

  it('reports a malformed message instead of forwarding it', async () => {
    const { h, children, events } = host();
    await h.start(doc);
    children[0]!.emit('message', { type: 'event', event: 'nonsense' });
    children[0]!.emit('message', { hello: 1 });
    expect(events.map(([, e]) => e.event)).toEqual(['crash', 'crash']);
    expect((events[0]![1] as { message: string }).message).toMatch(/the training process sent a bad message/);
  });

  it('asks a run to stop, and kills it if it has not stopped in time', async () => {
    vi.useFakeTimers();
    try {
      const { h, children } = host({ stopGraceMs: 5000 });
      const { runId } = await h.start(doc);
      h.stop(runId); // before the worker is ready: held, then sent after start
      children[0]!.emit('message', { type: 'ready' });
      expect(children[0]!.sent.map((m) => (m as { type: string }).type)).toEqual(['start', 'stop']);
      h.stop(runId); // twice: one timer
      expect(children[0]!.sent.at(-1)).toEqual({ type: 'stop' });
      vi.advanceTimersByTime(4999);
      expect(children[0]!.killed).toBe(0);
      vi.advanceTimersByTime(1);
      expect(children[0]!.killed).toBe(1);
      h.stop('no-such-run'); // harmless
    } finally {
      vi.useRealTimers();
    }
  });

  it('ends every run when the app quits, without reporting crashes', async () => {
    const { h, children, events } = host();
    const { runId } = await h.start(doc);
    h.dispose();
    await h.ended(runId);
    expect(children[0]!.killed).toBe(1);
    expect(events).toEqual([]);
  });
});
