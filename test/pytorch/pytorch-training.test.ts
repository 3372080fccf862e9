import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initNodeBackend } from '../../engine/backend/node-backend.js';
import type { TrainingProgram } from '../../engine/compile/program-types.js';
import { serializeGraph } from '../../engine/core/serialize.js';
import { torchParity, worstRelativeDifference } from '../../engine/export-torch/node-torch-parity.js';
import { createRegistry } from '../../graph-nodes/index.js';
import { runCli } from '../support/run-cli.js';
import { tinyGraph } from '../support/tiny-graphs.js';
import { tinyGraphWithRuns } from '../support/tiny-runs.js';
import { requireTorchInCi, TORCH_PYTHON } from '../support/torch-python.js';

const dir = mkdtempSync(join(tmpdir(), 'pytorch-training-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
requireTorchInCi();

type Event = { event: string; loss?: number; output?: { text?: string }; message?: string };
const events = (stdout: string): Event[] => stdout.trim().split('\n').map((l) => JSON.parse(l) as Event);
const losses = (stdout: string) => events(stdout).flatMap((e) => (e.event === 'step' ? [e.loss!] : []));

describe.skipIf(!TORCH_PYTHON)('the exported PyTorch program trains what the engine trains', () => {
  // the causal sample shrunk to train in seconds, as a file for the CLI (batches of 4 blocks: 2 for each of 2 ranks)
  const tinyCausal = join(dir, 'causal-lm.graph.json');
  beforeAll(async () => {
    await initNodeBackend('wasm');
    writeFileSync(tinyCausal, serializeGraph(tinyGraph('causal-lm')));
  });

  // continued-pretraining starts from a shrunk masked-lm run, which the exporter writes into the data folder
  /** Relative-position biases start at zero, where any consistent relabelling of distances trains alike: start them random. */
  const randomBiases = (program: TrainingProgram) => {
    for (const v of program.variables) if (v.name.endsWith('/relativeBias')) v.variable.assign(tf.randomNormal(v.variable.shape, 0, 0.5, 'float32', 7));
  };
  const cases: [string, string, Record<string, Record<string, unknown>>, ((p: TrainingProgram) => void)?][] = [
    ['causal-lm', 'causal-lm', {}],
    ['causal-lm with sinusoidal positions', 'causal-lm', { positions: { kind: 'sinusoidal' } }],
    ['masked-lm with relative positions', 'masked-lm', { encoder: { relativePositions: 4 } }, randomBiases],
    ['causal-lm-bpe', 'causal-lm-bpe', {}],
    ['masked-lm', 'masked-lm', {}],
    ['prefix-lm', 'prefix-lm', {}],
    ['continued-pretraining', 'continued-pretraining', {}],
  ];
  it.each(cases)("%s: from the engine's initial weights and batches, its losses follow the engine's (relative difference <= 1e-5)", async (name, sample, overrides, adjustStart) => {
    const r = await torchParity(await tinyGraphWithRuns(sample, overrides), {
      ...(adjustStart ? { adjustStart } : {}), registry: createRegistry(), python: TORCH_PYTHON!, steps: 12, workDir: join(dir, `parity-${name.replace(/\W+/g, '-')}`) });
    expect(r.torchLosses).toHaveLength(12);
    expect(r.engineLosses).toHaveLength(12);
    // the loss moved: a run that trained nothing would also "agree"
    expect(r.engineLosses.at(-1)!).toBeLessThan(r.engineLosses[0]! - 0.05);
    // measured ~2e-7 here: 1e-5 leaves room for other BLAS builds and still catches a wrong schedule, mask or decay rule
    expect(r.worstRelDiff).toBeLessThanOrEqual(1e-5);
  });

  it('refuses a rank count that does not divide the batch, before starting any rank', async () => {
    const r = await runCli(['train', tinyCausal, '--backend', 'pytorch', '--devices', '3', '--json', '--out', join(dir, 'ranks-3')]);
    expect(r.code).toBe(1);
    expect(events(r.stdout)).toEqual([expect.objectContaining({ event: 'error', message: expect.stringMatching(/^--devices 3: a batch of 4 examples does not split over 3 ranks/) })]);
  });

  it('two ranks (DDP over gloo, half the batch each) give the same 20 losses as one; the run opens with `pretrain-lab sample`', async () => {
    const run = (devices: number) => runCli(['train', tinyCausal, '--backend', 'pytorch', '--devices', String(devices), '--steps', '20', '--json', '--out', join(dir, `ranks-${devices}`)]);
    const one = await run(1);
    const two = await run(2);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(losses(one.stdout)).toHaveLength(20);
    expect(worstRelativeDifference(losses(one.stdout), losses(two.stdout))).toBeLessThanOrEqual(1e-5);
    const kinds = events(two.stdout).map((e) => e.event);
    expect([kinds[0], kinds.at(-1), kinds.filter((k) => k === 'step').length, kinds.includes('output')]).toEqual(['start', 'done', 20, true]);
    // rank 0 alone wrote the run: each event once
    expect(readFileSync(join(dir, 'ranks-2', 'events.jsonl'), 'utf8').trim().split('\n')).toHaveLength(events(two.stdout).length);

    // The engine samples the Python-trained weights with the same random stream: the same text.
    const pythonText = events(two.stdout).find((e) => e.event === 'output')!.output!.text!;
    const sampled = await runCli(['sample', join(dir, 'ranks-2'), '--tokens', '15']);
    expect(sampled.code, sampled.stderr).toBe(0);
    expect(pythonText.length).toBeGreaterThan('The whale '.length + 15);
    expect(sampled.stdout.trim()).toBe(pythonText.slice(0, 'The whale '.length + 15).trim());
  });
});
