import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initNodeBackend } from '../../engine/backend/node-backend.js';
import type { TrainingProgram } from '../../engine/compile/program-types.js';
import { parityResult, prepareTorchParity } from '../../engine/export-torch/node-torch-parity.js';
import { createRegistry } from '../../graph-nodes/index.js';
import { tinyGraphWithRuns } from '../support/tiny-runs.js';
import { startProgramRunner, type ProgramRunner } from '../support/python-programs.js';
import { requireTorchInCi, TORCH_PYTHON } from '../support/torch-python.js';

/**
 * Parity, sample by sample (shrunk): the exported PyTorch program, started from the engine's
 * weights and fed its batches, follows the engine's losses and held-out figures. Its own file so
 * the suite runs it beside the end-to-end PyTorch tests (pytorch-training.test.ts), not after them.
 */
const dir = mkdtempSync(join(tmpdir(), 'pytorch-parity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
requireTorchInCi();

describe.skipIf(!TORCH_PYTHON)('the exported PyTorch program computes what the engine computes', () => {
  // every case's program runs in this one Python process, as torchParity would run it alone: torch is imported once, not once a case
  let python: ProgramRunner;
  beforeAll(async () => {
    await initNodeBackend('wasm');
    python = await startProgramRunner(TORCH_PYTHON!);
  });
  afterAll(() => python?.close());

  // continued-pretraining starts from a shrunk masked-lm run, which the exporter writes into the data folder
  /** Relative-position biases start at zero, where any consistent relabelling of distances trains alike: start them random. */
  const randomBiases = (program: TrainingProgram) => {
    for (const v of program.variables) if (v.name.endsWith('/relativeBias')) v.variable.assign(tf.randomNormal(v.variable.shape, 0, 0.5, 'float32', 7));
  };
  const cases: [string, string, Record<string, Record<string, unknown>>, ((p: TrainingProgram) => void)?][] = [
    ['causal-lm', 'causal-lm', {}],
    ['causal-lm with sinusoidal positions', 'causal-lm', { positions: { kind: 'sinusoidal' } }],
    // the program draws the engine's dropout masks from the engine's stream
    ['causal-lm with dropout 0.1', 'causal-lm', { decoder: { dropout: 0.1 } }],
    ['masked-lm with relative positions', 'masked-lm', { encoder: { relativePositions: 4 } }, randomBiases],
    ['causal-lm-bpe', 'causal-lm-bpe', {}],
    ['masked-lm', 'masked-lm', {}],
    ['prefix-lm', 'prefix-lm', {}],
    ['continued-pretraining', 'continued-pretraining', {}],
    // an encoder-decoder: cross-attention to the encoder, the [PAD] keys of its input skipped
    ['span-corruption with relative positions', 'span-corruption', { encoder: { relativePositions: 4 } }, randomBiases],
    ['ul2-mixture', 'ul2-mixture', {}],
    ['diffusion-ddpm', 'diffusion-ddpm', {}],
    ['contrastive-clip', 'contrastive-clip', {}],
  ];
  it.each(cases)("%s: from the engine's initial weights and batches, its losses follow the engine's (relative difference <= 1e-5)", async (name, sample, overrides, adjustStart) => {
    const prepared = await prepareTorchParity(await tinyGraphWithRuns(sample, overrides), {
      ...(adjustStart ? { adjustStart } : {}),
      registry: createRegistry(),
      steps: 12,
      workDir: join(dir, `parity-${name.replace(/\W+/g, '-')}`),
    });
    const ran = await python.run(prepared.programFile, prepared.args);
    expect(ran.code, ran.stderr).toBe(0);
    const r = parityResult(prepared, ran.lines);
    expect(r.torchLosses).toHaveLength(12);
    expect(r.engineLosses).toHaveLength(12);
    // the loss moved: a run that trained nothing would also "agree"
    expect(r.engineLosses.at(-1)!).toBeLessThan(r.engineLosses[0]! - 0.05);
    // measured ~2e-7 here: 1e-5 leaves room for other BLAS builds and still catches a wrong schedule, mask or decay rule
    expect(r.worstRelDiff).toBeLessThanOrEqual(1e-5);
    // the held-out figures too (UL2's per-branch losses, BERT's masked/random/kept): the same names, the same values
    expect(r.engineEval?.valLoss).toBeGreaterThan(0);
    expect(r.torchEval && Object.keys(r.torchEval).sort()).toEqual(Object.keys(r.engineEval!).sort());
    for (const [name, value] of Object.entries(r.engineEval!)) {
      // an accuracy may differ by a near tie flipped; a loss only by float error
      if (/loss$/i.test(name)) expect(Math.abs(r.torchEval![name]! - value) / value, name).toBeLessThanOrEqual(1e-4);
      else expect(Math.abs(r.torchEval![name]! - value), name).toBeLessThanOrEqual(0.01);
    }
  });
});
