import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../engine/backend/node-backend.js';
import { compileGraph } from '../../engine/compile/compile.js';
import type { GraphDocument } from '../../engine/core/graph-document.js';
import { createNodeDataSource } from '../../engine/data/node-data-source.js';
import { train } from '../../engine/train/trainer.js';
import { createRegistry } from '../../graph-nodes/index.js';
import { worstRelativeDifference } from '../support/export-golden.js';
import { startDawnForTests } from '../support/dawn-for-tests.js';
import { tinyGraphWithRuns } from '../support/tiny-runs.js';
import { webgpuSamples } from '../support/webgpu-samples.js';

/**
 * Issue #14 item 1: each sample trains 20 steps on webgpu (tfjs's webgpu backend on Dawn, as
 * `pretrain-lab train --backend webgpu` runs it) with the losses wasm trains, within 1e-3
 * relative. Here Dawn runs on SwiftShader, a CPU emulation that takes about a second a step
 * whatever the model's size, so the samples are shrunk (tiny-graphs.ts: the same nodes and
 * wiring, smaller settings). Output nodes are left out; the held-out evaluation is compared.
 * The embedding's tiled transpose, which the shrunk batches do not reach, is tested on its own in
 * engine/backend/webgpu-backend.test.ts (with 16-block batches this test took twice the CPU).
 */
const STEPS = 20;
const TOLERANCE = 1e-3;
// every sample (PRETRAIN_LAB_WEBGPU_SAMPLES picks fewer: test/support/webgpu-samples.ts)
const samples = webgpuSamples();

const registry = createRegistry();

async function losses(doc: GraphDocument): Promise<{ losses: number[]; valLoss: number }> {
  const program = await compileGraph(doc, { registry, data: createNodeDataSource() });
  try {
    const r = await train({ program, steps: STEPS, outputs: false });
    return { losses: r.losses, valLoss: r.valLoss };
  } finally {
    program.dispose();
  }
}

// Shrunk graphs and wasm's losses first (continued pretraining's source run is trained here, on wasm).
await initNodeBackend('wasm');
const docs = new Map<string, GraphDocument>();
const onWasm = new Map<string, { losses: number[]; valLoss: number }>();
for (const name of samples) {
  const doc = await tinyGraphWithRuns(name);
  docs.set(name, doc);
  onWasm.set(name, await losses(doc));
}
const dawn = await startDawnForTests();

describe.skipIf(dawn !== null)('every sample on webgpu (Dawn) trains the losses wasm trains', () => {
  it.each(samples)('%s', async (name) => {
    expect(tf.getBackend()).toBe('webgpu');
    const want = onWasm.get(name)!;
    const got = await losses(docs.get(name)!);
    expect(got.losses).toHaveLength(STEPS);
    // the losses must move: equal constant sequences (zeros) would prove nothing
    expect(new Set(got.losses).size).toBeGreaterThan(STEPS / 2);
    expect(worstRelativeDifference(got.losses, want.losses)).toBeLessThanOrEqual(TOLERANCE);
    expect(Math.abs(got.valLoss - want.valLoss) / want.valLoss).toBeLessThanOrEqual(TOLERANCE);
  });
});
