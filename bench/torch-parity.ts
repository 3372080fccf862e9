/**
 * Does the exported PyTorch program train what the engine trains? For each sample: the engine's
 * initial weights and first N batches go to the program (--init-from, --batches-from), both train
 * N steps (the program on cpu, float32), and the worst relative loss difference is printed.
 *
 *   npm run torch-parity [-- --samples causal-lm,causal-lm-bpe|all] [--steps 50] [--device cpu|cuda] [--backend wasm|cpu] [--compile]
 *
 * `--compile` runs the program under torch.compile (torch 2.0 on), to see that it computes the same.
 *
 * Ends with {"event":"parity","samples":{NAME:{"steps","worstRelDiff"}}}. Samples whose nodes
 * have no PyTorch code yet, or whose data cannot be read here, are reported with the reason and left
 * out of that line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initNodeBackend, type NodeBackendName } from '../engine/backend/node-backend.js';
import { parseGraph } from '../engine/core/serialize.js';
import { NodeRunError } from '../engine/core/diagnostics.js';
import { findTorchPython } from '../engine/export-torch/node-python.js';
import { torchParity } from '../engine/export-torch/node-torch-parity.js';
import { createRegistry } from '../graph-nodes/index.js';

const { values } = parseArgs({
  options: { samples: { type: 'string' }, steps: { type: 'string' }, device: { type: 'string' }, backend: { type: 'string' }, keep: { type: 'boolean' }, compile: { type: 'boolean' } },
});
const steps = Number(values.steps ?? 50);
const allSamples = readdirSync('samples').filter((f) => f.endsWith('.graph.json')).map((f) => f.replace('.graph.json', ''));
const samples = values.samples === 'all' ? allSamples : (values.samples ?? 'causal-lm').split(',').map((s) => s.trim()).filter(Boolean);
const python = findTorchPython();
if (!python) {
  process.stderr.write('torch-parity: no Python here imports torch (tried $PRETRAIN_LAB_PYTHON, python3, /usr/bin/python3, python); apt-get install -y python3-torch\n');
  process.exit(1);
}
await initNodeBackend((values.backend as NodeBackendName | undefined) ?? 'wasm');
const results: Record<string, { steps: number; worstRelDiff: number }> = {};
for (const name of samples) {
  const doc = parseGraph(readFileSync(join('samples', `${name}.graph.json`), 'utf8'));
  const workDir = await mkdtemp(join(tmpdir(), `torch-parity-${name}-`));
  try {
    const r = await torchParity(doc, { registry: createRegistry(), python, steps, workDir, device: (values.device as 'cpu' | 'cuda' | undefined) ?? 'cpu', compile: values.compile ? 'yes' : 'no' });
    results[name] = { steps: r.steps, worstRelDiff: r.worstRelDiff };
    const worstAt = r.engineLosses.findIndex((l, i) => Math.abs(r.torchLosses[i]! - l) / Math.abs(l) === r.worstRelDiff);
    process.stdout.write(
      `${name}: worst relative loss difference ${r.worstRelDiff.toExponential(2)} over ${r.steps} steps (step ${worstAt + 1}: engine ${r.engineLosses[worstAt]}, torch ${r.torchLosses[worstAt]}); last losses engine ${r.engineLosses.at(-1)}, torch ${r.torchLosses.at(-1)}\n`,
    );
  } catch (e) {
    if (!(e instanceof NodeRunError)) throw e;
    // a node with no PyTorch code yet, or a data node that cannot run here (a corpus package missing)
    process.stdout.write(`${name}: left out: node ${e.nodeId}: ${e.message}\n`);
  } finally {
    if (!values.keep) await rm(workDir, { recursive: true, force: true });
  }
}
process.stdout.write(JSON.stringify({ event: 'parity', samples: results }) + '\n');
