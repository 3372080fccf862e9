/**
 * Does webgpu train what wasm trains, on this machine's GPU? Each sample, as committed (full
 * size), trains N steps on wasm and then on webgpu (tfjs's webgpu backend on Dawn: Vulkan, Metal
 * or D3D12) from the same start; prints the worst relative loss difference and the time per step
 * of each, and ends with one JSON line:
 *
 *   npm run bench:webgpu-check [-- --samples all|causal-lm,masked-lm] [--steps 20] [--shrunk]
 *   {"event":"webgpu-check","adapter":...,"samples":{NAME:{"steps","worstRelDiff","wasmMsPerStep","webgpuMsPerStep"}}}
 *
 * `--shrunk` trains the test suite's shrunk samples (test/support/tiny-graphs.ts), the size a
 * software adapter (SwiftShader) gets through; a real GPU takes the samples as they are. The
 * suite's own check is test/integration/webgpu-parity.test.ts (shrunk, SwiftShader).
 */
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { backendFailure } from '../engine/backend/backend-failure.js';
import { initCliBackend } from '../engine/backend/node-cli-backend.js';
import { initNodeBackend } from '../engine/backend/node-backend.js';
import { compileGraph } from '../engine/compile/compile.js';
import type { GraphDocument } from '../engine/core/graph-document.js';
import { createNodeDataSource } from '../engine/data/node-data-source.js';
import { worstRelativeDifference } from '../engine/export-torch/node-torch-parity.js';
import { train } from '../engine/train/trainer.js';
import { createRegistry } from '../graph-nodes/index.js';
import { sampleGraphWithRuns, tinyGraphWithRuns } from '../test/support/tiny-runs.js';
import { webgpuSamples } from '../test/support/webgpu-samples.js';

const { values } = parseArgs({ options: { samples: { type: 'string' }, steps: { type: 'string' }, shrunk: { type: 'boolean' } } });
const steps = Number(values.steps ?? 20);
const samples = webgpuSamples(values.samples ?? 'all');
const registry = createRegistry();

interface Trained {
  losses: number[];
  valLoss: number;
  msPerStep: number;
}

async function trainOn(doc: GraphDocument): Promise<Trained> {
  const program = await compileGraph(doc, { registry, data: createNodeDataSource() });
  try {
    const times: number[] = [];
    let last = performance.now();
    const r = await train({
      program,
      steps,
      outputs: false,
      onEvent: (e) => {
        if (e.event !== 'step') return;
        const now = performance.now();
        times.push(now - last);
        last = now;
      },
    });
    // the first step compiles shaders and sets up kernels: the steady rate is the rest
    const steady = times.slice(1);
    return { losses: r.losses, valLoss: r.valLoss, msPerStep: steady.reduce((a, b) => a + b, 0) / Math.max(1, steady.length) };
  } finally {
    program.dispose();
  }
}

// wasm first (continued pretraining's source run is trained there), then webgpu: one backend switch
await initNodeBackend('wasm');
const docs = new Map<string, GraphDocument>();
const onWasm = new Map<string, Trained>();
for (const name of samples) {
  const doc = values.shrunk ? await tinyGraphWithRuns(name) : await sampleGraphWithRuns(name);
  docs.set(name, doc);
  onWasm.set(name, await trainOn(doc));
  process.stdout.write(`${name}: wasm ${onWasm.get(name)!.msPerStep.toFixed(1)} ms/step\n`);
}
const { adapter } = await initCliBackend('webgpu');
process.stdout.write(`webgpu adapter: ${adapter}${adapter?.includes('software adapter') ? ' (a CPU emulation: its times are not a GPU figure)' : ''}\n`);
const results: Record<string, { steps: number; worstRelDiff: number; valLossRelDiff: number; wasmMsPerStep: number; webgpuMsPerStep: number }> = {};
for (const name of samples) {
  const want = onWasm.get(name)!;
  const got = await trainOn(docs.get(name)!);
  const failed = backendFailure();
  if (failed) throw new Error(`${name}: the webgpu backend failed: ${failed.message}`);
  const r = {
    steps,
    worstRelDiff: worstRelativeDifference(want.losses, got.losses),
    valLossRelDiff: Math.abs(got.valLoss - want.valLoss) / Math.abs(want.valLoss),
    wasmMsPerStep: want.msPerStep,
    webgpuMsPerStep: got.msPerStep,
  };
  results[name] = r;
  process.stdout.write(
    `${name}: worst relative loss difference ${r.worstRelDiff.toExponential(2)} over ${steps} steps, held-out ${r.valLossRelDiff.toExponential(2)}; ` +
      `last loss wasm ${want.losses.at(-1)}, webgpu ${got.losses.at(-1)}; ${r.webgpuMsPerStep.toFixed(1)} ms/step on webgpu, ${(r.wasmMsPerStep / r.webgpuMsPerStep).toFixed(2)}x wasm's speed\n`,
  );
}
process.stdout.write(JSON.stringify({ event: 'webgpu-check', tfjs: tf.version.tfjs, adapter, shrunk: !!values.shrunk, samples: results }) + '\n');
