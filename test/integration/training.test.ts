import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileGraph } from '../../engine/compile/compile.js';
import { initNodeBackend } from '../../engine/backend/node-backend.js';
import { createNodeDataSource } from '../../engine/data/node-data-source.js';
import { train, TrainingError } from '../../engine/train/trainer.js';
import { DirectoryCheckpointStore, loadCheckpoint } from '../../engine/train/node-checkpoint-store.js';
import { createRegistry } from '../../graph-nodes/index.js';
import type { GraphDocument } from '../../engine/core/graph-document.js';
import { tinyGraph } from '../support/tiny-graphs.js';

const registry = createRegistry();
const data = createNodeDataSource();
const compile = (doc: GraphDocument, savedStates?: Record<string, unknown>) => compileGraph(doc, { registry, data, savedStates });

beforeAll(async () => {
  expect(await initNodeBackend('wasm')).toBe('wasm');
});

describe('training a graph', () => {
  it('the same seed gives identical losses; another seed does not', async () => {
    const run = async (seed: number) => {
      const program = await compile({ ...tinyGraph('causal-lm'), seed });
      try {
        return (await train({ program, steps: 15 })).losses;
      } finally {
        program.dispose();
      }
    };
    const a = await run(1);
    expect(await run(1)).toEqual(a);
    expect(await run(2)).not.toEqual(a);
    // an untrained model starts near ln(V) and learns
    expect(a[a.length - 1]!).toBeLessThan(a[0]!);
  });

  it('keeps the tensor count flat over 200 steps', async () => {
    const program = await compile(tinyGraph('masked-lm', { optimizer: { steps: 200, evalInterval: 50, evalBatches: 2, warmupSteps: 5 } }));
    const counts: number[] = [];
    await train({ program, onEvent: (e) => e.event === 'step' && counts.push(tf.memory().numTensors) });
    program.dispose();
    expect(counts).toHaveLength(200);
    expect(counts[199]).toBe(counts[9]);
    expect(Math.max(...counts.slice(9))).toBe(counts[9]);
  });

  it('a resumed run matches an uninterrupted one exactly', async () => {
    const doc = tinyGraph('causal-lm', { optimizer: { steps: 24, evalInterval: 8, evalBatches: 2, warmupSteps: 4 } });
    const full = await compile(doc);
    const whole = (await train({ program: full })).losses;
    full.dispose();

    const dir = mkdtempSync(join(tmpdir(), 'pl-resume-'));
    const first = await compile(doc);
    const stop = new AbortController();
    const part = await train({
      program: first,
      store: new DirectoryCheckpointStore(dir),
      signal: stop.signal,
      onEvent: (e) => e.event === 'step' && e.step === 10 && stop.abort(),
    });
    first.dispose();
    expect(part.stopped).toBe(true);
    expect(part.step).toBe(10);

    const ckpt = await loadCheckpoint(dir);
    expect(ckpt.manifest.step).toBe(10);
    const second = await compile(ckpt.manifest.graph, ckpt.manifest.sourceStates);
    const rest = await train({ program: second, resume: ckpt });
    second.dispose();
    expect([...part.losses, ...rest.losses]).toEqual(whole);
  });

  it('stops on a non-finite loss and names the node where it starts', async () => {
    const program = await compile(tinyGraph('causal-lm', { embed: { dModel: 32, initStd: 1e30 } }));
    const events: unknown[] = [];
    await expect(train({ program, onEvent: (e) => events.push(e) })).rejects.toBeInstanceOf(TrainingError);
    program.dispose();
    const err = events.at(-1) as { event: string; nodeId: string; message: string };
    expect(err.event).toBe('error');
    expect(err.message).toMatch(/loss became (NaN|Infinity) at step 1/);
    expect(err.nodeId).toBe('decoder');
  });

  it('runs its output nodes on the trained model', async () => {
    const program = await compile(tinyGraph('causal-lm'));
    const outputs: unknown[] = [];
    await train({ program, steps: 5, onEvent: (e) => e.event === 'output' && outputs.push(e.output) });
    program.dispose();
    expect(outputs).toHaveLength(1);
    const out = outputs[0] as { kind: string; text: string };
    expect(out.kind).toBe('text');
    expect(out.text.startsWith('The whale ')).toBe(true);
    expect(out.text.length).toBeGreaterThan('The whale '.length);
  });

  it('an output node that fails after the last step leaves the final checkpoint written: resuming retrains nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pretrain-lab-failing-output-'));
    const program = await compile(tinyGraph('causal-lm', { optimizer: { steps: 6, evalInterval: 100, evalBatches: 1, warmupSteps: 1 } }));
    // an output that fails at run time, whatever the cause (a backend, a setting read late)
    program.runEval = () => Promise.reject(new Error('the output broke'));
    try {
      await expect(train({ program, store: new DirectoryCheckpointStore(dir) })).rejects.toThrow(/the output broke/);
    } finally {
      program.dispose();
    }
    const saved = await loadCheckpoint(dir);
    expect(saved.manifest.step).toBe(6);
    const again = await compile(saved.manifest.graph, saved.manifest.sourceStates);
    const steps: number[] = [];
    try {
      await train({ program: again, resume: saved, outputs: false, onEvent: (e) => e.event === 'step' && steps.push(e.step) });
    } finally {
      again.dispose();
    }
    expect(steps).toEqual([]);
  });

  it("an output node's settings are checked when the graph compiles, before any training", async () => {
    const doc = tinyGraph('causal-lm', { sample: { prompt: 'The whale § ' } });
    await expect(compile(doc)).rejects.toMatchObject({ nodeId: 'sample', message: expect.stringMatching(/setting "prompt" has characters the vocabulary lacks: "§"/) });
    const mlm = tinyGraph('masked-lm', { fill: { text: 'no mask here' } });
    await expect(compile(mlm)).rejects.toThrow(/node fill: .*\[MASK\]/);
  });
});
