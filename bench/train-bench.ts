/**
 * Training throughput of the tiny GPT (d=128, 2 layers, 4 heads, T=64, B=16, vocab 65) on the
 * tfjs backends available in Node, then of the same model in PyTorch when it is installed.
 *
 *   npm run bench [-- --steps=30 --warmup=5 --cpu-steps=2 --no-torch --breakdown]
 *   npm run bench -- --backend webgpu     (the GPU through Dawn, beside wasm and PyTorch on CUDA
 *                                          where it has a GPU: see DEVELOPERS.md)
 *
 * With torch, also the causal-LM sample exported as a PyTorch program (the same shape), run as
 * `train --backend pytorch` runs it.
 *
 * A step is what the trainer does: upload a batch, loss + gradients (tf.variableGrads), read
 * the loss back, AdamW with gradient clipping (the engine's own optimizer). Warmup steps are
 * not timed (XNNPACK operators and wasm memory are set up on first use).
 */
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseGraph } from '../engine/core/serialize.js';
import { writeTorchProgram } from '../engine/export-torch/node-torch-export.js';
import { runRanks } from '../engine/export-torch/node-python.js';
import { createRegistry } from '../graph-nodes/index.js';
import { initNodeBackend, type NodeBackendName } from '../engine/backend/node-backend.js';
import { initCliBackend } from '../engine/backend/node-cli-backend.js';
import { backendFailure } from '../engine/backend/backend-failure.js';
import { makeRng } from '../engine/core/rng.js';
import { AdamW } from '../engine/train/adamw.js';
import { buildTinyGpt, TINY_GPT, type TinyGptConfig } from './tiny-gpt.js';

const BATCH = 16;

function option(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.split('=')[1]) : fallback;
}
/** `--name value` or `--name=value` (npm run bench -- --backend webgpu) */
function textOption(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
}
const flag = (name: string) => process.argv.includes(`--${name}`);

/** Matmul FLOPs of one training step: 3x the forward (forward, input grads, weight grads). */
export function flopsPerStep(c: TinyGptConfig, batch: number): number {
  const tokens = batch * c.context;
  const d = c.dModel;
  const perLayer = tokens * (4 * d * d + 2 * d * 4 * d) * 2 + 2 * batch * c.context * c.context * d * 2;
  return 3 * (c.layers * perLayer + 2 * tokens * d * c.vocab * 2);
}

interface Result {
  backend: string;
  msPerStep: number;
  /** median step: less sensitive to other load on a shared machine */
  medianMs: number;
  tokensPerSec: number;
  loss: number;
  breakdown?: { forward: number; forwardBackward: number; optimizer: number; kernelsPerStep: number };
}

async function benchBackend(name: NodeBackendName | 'webgpu', steps: number, warmup: number, breakdown: boolean): Promise<Result> {
  const backend = name === 'webgpu' ? (await initCliBackend('webgpu')).backend : await initNodeBackend(name);
  const cfg = TINY_GPT;
  const gpt = buildTinyGpt(cfg);
  const vars = gpt.variables.map((v) => v.variable);
  const opt = new AdamW(gpt.variables, { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.01, gradClip: 1 });
  const rng = makeRng('bench');
  const size = BATCH * cfg.context;
  const hostBatches = Array.from({ length: 8 }, () => [0, 1].map(() => Int32Array.from({ length: size }, () => rng.int(cfg.vocab))));
  const upload = (i: number) => hostBatches[i % hostBatches.length]!.map((d) => tf.tensor2d(d, [BATCH, cfg.context], 'int32'));

  const step = async (i: number) => {
    const [ids, targets] = upload(i);
    const ctx = { training: true, step: i, seed: i };
    const { value, grads } = tf.variableGrads(() => gpt.loss(ids!, targets!, ctx), vars);
    const loss = (await value.data())[0]!;
    tf.dispose([value, ids!, targets!]);
    const norm = opt.apply(grads, 1e-3);
    tf.dispose(grads);
    await norm.data();
    norm.dispose();
    return loss;
  };
  for (let i = 0; i < warmup; i++) await step(i);
  const times: number[] = [];
  let loss = 0;
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    loss = await step(warmup + i);
    times.push(performance.now() - t0);
  }
  const msPerStep = times.reduce((a, b) => a + b, 0) / steps;
  const medianMs = [...times].sort((a, b) => a - b)[Math.floor(steps / 2)]!;
  const result: Result = { backend, msPerStep, medianMs, tokensPerSec: (size * 1000) / msPerStep, loss };

  if (breakdown) {
    const time = async (fn: () => Promise<void>) => {
      const s = performance.now();
      for (let i = 0; i < steps; i++) await fn();
      return (performance.now() - s) / steps;
    };
    const [ids, targets] = upload(0);
    const ctx = { training: true, step: 1, seed: 1 };
    const forward = await time(async () => {
      const l = tf.tidy(() => gpt.loss(ids!, targets!, ctx));
      await l.data();
      l.dispose();
    });
    const forwardBackward = await time(async () => {
      const { value, grads } = tf.variableGrads(() => gpt.loss(ids!, targets!, ctx), vars);
      await value.data();
      tf.dispose([value, grads]);
    });
    const { value, grads } = tf.variableGrads(() => gpt.loss(ids!, targets!, ctx), vars);
    const optimizer = await time(async () => {
      const n = opt.apply(grads, 0);
      await n.data();
      n.dispose();
    });
    tf.dispose([value, grads, ids!, targets!]);
    // what a GPU pays for per launch: the kernels of one whole step
    const kernelsPerStep = (await tf.profile(() => step(warmup + steps).then(() => undefined))).kernels.length;
    result.breakdown = { forward, forwardBackward, optimizer, kernelsPerStep };
  }
  opt.dispose();
  gpt.dispose();
  return result;
}

/** The Debian python3 (with python3-torch) when it has torch, else whatever python3 is on PATH. */
function findTorchPython(): string | null {
  for (const py of ['/usr/bin/python3', 'python3']) {
    if (py.startsWith('/') && !existsSync(py)) continue;
    if (spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) return py;
  }
  return null;
}

/** Whether this PyTorch sees a CUDA GPU. */
function torchHasCuda(python: string): boolean {
  return spawnSync(python, ['-c', 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)'], { stdio: 'ignore' }).status === 0;
}

function runTorch(python: string, steps: number, warmup: number, device = 'cpu'): Record<string, unknown> | null {
  // OpenBLAS on both cores, torch's own pool off; OPENBLAS_CORETYPE would pin a slower kernel.
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: '2' };
  delete env.OPENBLAS_CORETYPE;
  const c = TINY_GPT;
  const args = [`vocab=${c.vocab}`, `d=${c.dModel}`, `layers=${c.layers}`, `heads=${c.heads}`, `t=${c.context}`, `b=${BATCH}`, `steps=${steps}`, `warmup=${warmup}`, `device=${device}`];
  const r = spawnSync(python, ['bench/torch_reference.py', ...args], { env, encoding: 'utf8' });
  if (r.status !== 0) {
    console.log(`torch reference failed: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}`);
    return null;
  }
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

const fmt = (r: Result) => `${r.msPerStep.toFixed(1)} ms/step (median ${r.medianMs.toFixed(1)}), ${r.tokensPerSec.toFixed(0)} tokens/s, ${((flopsPerStep(TINY_GPT, BATCH) / r.msPerStep) * 1e-6).toFixed(1)} GFLOP/s (loss ${r.loss.toFixed(3)})`;

async function main() {
  const steps = option('steps', 30);
  const warmup = option('warmup', 5);
  const cpuSteps = option('cpu-steps', 2);
  const c = TINY_GPT;
  console.log(`tfjs ${tf.version.tfjs}, node ${process.version}`);
  console.log(`tiny GPT: d=${c.dModel}, ${c.layers} layers, ${c.heads} heads, T=${c.context}, B=${BATCH}, vocab ${c.vocab}; ${(flopsPerStep(c, BATCH) / 1e9).toFixed(2)} GFLOP/step`);
  if (textOption('backend') === 'webgpu') return benchWebgpu(steps, warmup);
  const wasm = await benchBackend('wasm', steps, warmup, flag('breakdown'));
  console.log(`${wasm.backend} (${steps} steps after ${warmup} warmup): ${fmt(wasm)}`);
  if (wasm.breakdown) {
    const b = wasm.breakdown;
    console.log(`  forward ${b.forward.toFixed(1)} ms, backward ${(b.forwardBackward - b.forward).toFixed(1)} ms, AdamW ${b.optimizer.toFixed(1)} ms`);
  }
  if (cpuSteps > 0) {
    // tfjs-cpu greets Node users on its first tensor, after the backend is set: keep it quiet.
    const warn = console.warn;
    console.warn = () => {};
    const cpu = await benchBackend('cpu', cpuSteps, 1, false).finally(() => (console.warn = warn));
    console.log(`${cpu.backend} (${cpuSteps} steps after 1 warmup): ${fmt(cpu)}`);
    await initNodeBackend('wasm');
  }
  if (flag('no-torch')) return;
  const python = findTorchPython();
  if (!python) {
    console.log('PyTorch reference skipped: no python3 with torch (Debian: apt-get install python3-torch libopenblas0-pthread)');
    return;
  }
  const torch = runTorch(python, Math.max(steps, 30), warmup);
  if (!torch) return;
  const ms = torch.msPerStep as number;
  console.log(`pytorch ${torch.torch} (${torch.python}; torch threads ${torch.torchThreads}, OPENBLAS_NUM_THREADS=${torch.openblasThreads}; BLAS: ${torch.blas}):`);
  console.log(`  ${ms.toFixed(1)} ms/step, ${(torch.tokensPerSec as number).toFixed(0)} tokens/s, ${((flopsPerStep(c, BATCH) / ms) * 1e-6).toFixed(1)} GFLOP/s`);
  console.log(`wasm / pytorch: ${(wasm.msPerStep / ms).toFixed(2)}x the time per step`);
  const exported = await runExportedProgram(python, Math.max(steps, 30), warmup);
  if (exported) console.log(`the causal-LM sample exported to PyTorch (pretrain-lab export --target pytorch; same shape, vocab ${exported.vocab}): ${exported.msPerStep.toFixed(1)} ms/step, ${exported.tokensPerSec.toFixed(0)} tokens/s; wasm / exported: ${(wasm.msPerStep / exported.msPerStep).toFixed(2)}x`);
}

/**
 * The exported program itself on the bench shape (the causal-LM sample is it, with its
 * character vocabulary): its step events carry the running mean time per step, so the steady
 * rate after `warmup` steps comes from two of them.
 */
async function runExportedProgram(python: string, steps: number, warmup: number): Promise<{ msPerStep: number; tokensPerSec: number; vocab: number } | null> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-torch-'));
  try {
    const doc = parseGraph(readFileSync('samples/causal-lm.graph.json', 'utf8'));
    const program = join(dir, 'program.py');
    await writeTorchProgram(doc, createRegistry(), program);
    const events: { event: string; step?: number; tokensPerSec?: number; tokensPerBatch?: number }[] = [];
    const run = await runRanks(python, program, ['--steps', String(steps + warmup), '--json', '--no-outputs', '--device', 'cpu'], 1, (line) => events.push(JSON.parse(line)));
    if (run.code !== 0) {
      console.log(`exported program failed: ${run.stderr[0]!.trim().split('\n').pop()}`);
      return null;
    }
    const tokens = events.find((e) => e.event === 'start')!.tokensPerBatch!;
    // seconds spent by step k, from the running mean rate it reports
    const elapsed = (k: number) => (tokens * k) / events.find((e) => e.event === 'step' && e.step === k)!.tokensPerSec!;
    const seconds = (elapsed(steps + warmup) - elapsed(warmup)) / steps;
    const vocab = JSON.parse(readFileSync(join(dir, 'program.data', 'tokenizer.tokens.json'), 'utf8')).vocabulary.size as number;
    return { msPerStep: seconds * 1000, tokensPerSec: tokens / seconds, vocab };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * webgpu (Dawn: Vulkan, Metal or D3D12) against wasm on this machine, and PyTorch on CUDA where
 * it sees a GPU. A software adapter (SwiftShader, lavapipe) is said to be one: its figure is a
 * CPU emulation's, never a GPU's speed.
 */
async function benchWebgpu(steps: number, warmup: number) {
  const wasm = await benchBackend('wasm', steps, warmup, false);
  console.log(`${wasm.backend} (${steps} steps after ${warmup} warmup): ${fmt(wasm)}`);
  const { adapter } = await initCliBackend('webgpu');
  console.log(`webgpu adapter: ${adapter}`);
  const gpu = await benchBackend('webgpu', steps, warmup, flag('breakdown'));
  // the same on tfjs's ops alone: what the fused kernels (engine/backend/fused-kernels.ts) save
  const { registerWebgpuFusedKernels, unregisterWebgpuFusedKernels } = await import('../engine/backend/webgpu-fused-kernels.js');
  unregisterWebgpuFusedKernels();
  const unfused = await benchBackend('webgpu', steps, warmup, flag('breakdown'));
  registerWebgpuFusedKernels();
  // work the GPU rejected leaves no figure worth printing
  const failed = backendFailure();
  if (failed) throw new Error(`the webgpu backend failed during the bench: ${failed.message}`);
  for (const [label, r] of [['fused kernels', gpu], ['tfjs ops only', unfused]] as const) {
    console.log(`${r.backend}, ${label} (${steps} steps after ${warmup} warmup): ${fmt(r)}`);
    if (r.breakdown) {
      const b = r.breakdown;
      console.log(`  forward ${b.forward.toFixed(1)} ms, backward ${(b.forwardBackward - b.forward).toFixed(1)} ms, AdamW ${b.optimizer.toFixed(1)} ms; ${b.kernelsPerStep} kernels a step`);
    }
  }
  console.log(`webgpu, fused / tfjs ops only: ${(gpu.tokensPerSec / unfused.tokensPerSec).toFixed(2)}x the tokens/s`);
  console.log(`webgpu / wasm: ${(gpu.tokensPerSec / wasm.tokensPerSec).toFixed(2)}x the tokens/s${adapter?.includes('software adapter') ? ' (a software adapter: not a GPU figure)' : ''}`);
  if (flag('no-torch')) return;
  const python = findTorchPython();
  if (!python || !torchHasCuda(python)) {
    console.log('PyTorch CUDA reference skipped: no python3 whose torch sees a CUDA GPU');
    return;
  }
  const torch = runTorch(python, Math.max(steps, 30), warmup, 'cuda');
  if (!torch) return;
  const ms = torch.msPerStep as number;
  console.log(`pytorch ${torch.torch} on ${torch.device}: ${ms.toFixed(1)} ms/step, ${(torch.tokensPerSec as number).toFixed(0)} tokens/s`);
  console.log(`webgpu / pytorch cuda: ${(gpu.tokensPerSec / (torch.tokensPerSec as number)).toFixed(2)}x the tokens/s`);
}

await main();
