/**
 * How far apart the engine drifts from itself: a sample trained N steps on two tfjs backends
 * (wasm and cpu by default: the same graph, the same weights and batches, only the order of float
 * additions differs), with the worst relative loss difference. This is the floor for any parity
 * figure (torch-parity, webgpu-check): a program that differs from the engine by no more than the
 * engine differs from itself computes the same thing.
 *
 *   npm run bench:backend-spread [-- --samples contrastive-clip,causal-lm] [--steps 50] [--backends wasm,cpu]
 *
 * Ends with {"event":"backend-spread","backends":[A,B],"samples":{NAME:{"steps","worstRelDiff","firstAbove1e-6"}}}.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { initNodeBackend, type NodeBackendName } from '../engine/backend/node-backend.js';
import { compileGraph } from '../engine/compile/compile.js';
import { parseGraph } from '../engine/core/serialize.js';
import { createNodeDataSource } from '../engine/data/node-data-source.js';
import { worstRelativeDifference } from '../engine/export-torch/node-torch-parity.js';
import { train } from '../engine/train/trainer.js';
import { createRegistry } from '../graph-nodes/index.js';

const { values } = parseArgs({ options: { samples: { type: 'string' }, steps: { type: 'string' }, backends: { type: 'string' } } });
const steps = Number(values.steps ?? 50);
const samples = (values.samples ?? 'contrastive-clip')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const backends = (values.backends ?? 'wasm,cpu').split(',') as NodeBackendName[];
if (backends.length !== 2) throw new Error(`--backends takes two backends, as wasm,cpu (got ${values.backends})`);

async function losses(name: string, backend: NodeBackendName): Promise<number[]> {
  await initNodeBackend(backend);
  const program = await compileGraph(parseGraph(readFileSync(`samples/${name}.graph.json`, 'utf8')), { registry: createRegistry(), data: createNodeDataSource() });
  try {
    return (await train({ program, steps, outputs: false })).losses;
  } finally {
    program.dispose();
  }
}

const results: Record<string, { steps: number; worstRelDiff: number; firstAbove1e6: number | null }> = {};
for (const name of samples) {
  const [a, b] = [await losses(name, backends[0]!), await losses(name, backends[1]!)];
  const rel = a.map((x, i) => Math.abs(b[i]! - x) / Math.abs(x));
  const first = rel.findIndex((r) => r > 1e-6);
  results[name] = { steps, worstRelDiff: worstRelativeDifference(a, b), firstAbove1e6: first < 0 ? null : first + 1 };
  process.stdout.write(
    `${name}: ${backends.join(' against ')}: worst relative loss difference ${results[name].worstRelDiff.toExponential(2)} over ${steps} steps; above 1e-6 from step ${results[name].firstAbove1e6 ?? 'none'}\n`,
  );
  process.stdout.write(`  per step: ${rel.map((r, i) => `${i + 1}:${r.toExponential(1)}`).join(' ')}\n`);
}
process.stdout.write(JSON.stringify({ event: 'backend-spread', backends, samples: results }) + '\n');
