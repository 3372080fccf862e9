/**
 * Training throughput in the app's training worker, in Chromium: the causal-LM sample at full
 * size (the bench shape: d=128, 2 layers, 4 heads, T=64, B=16) on webgpu and on wasm.
 *
 *   npm run bench:browser [-- --steps=30 --warmup=5 --headed --chromium=/path/to/chrome --swiftshader]
 *
 * Builds the renderer with the worker's test page, serves it with `vite preview`, and drives it
 * with Playwright. Chromium is started with WebGPU on (`--enable-unsafe-webgpu`, and on Linux
 * Vulkan); `--swiftshader` puts WebGPU on SwiftShader instead, a CPU emulation, only to check
 * that the script runs where there is no GPU: its figures are not a GPU's. The rate is taken
 * over the steps after the warmup (shaders compile on the first steps).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { parseGraph } from '../engine/core/serialize.js';
import type { RunEvent } from '../renderer/src/run/training-client.js';

const option = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const flag = (name: string) => process.argv.includes(`--${name}`);
const text = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

const steps = option('steps', 30);
const warmup = option('warmup', 5);
const port = option('port', 5399);
const executablePath = text('chromium') ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const gpuArgs = flag('swiftshader')
  ? ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader']
  : ['--enable-unsafe-webgpu', ...(process.platform === 'linux' ? ['--enable-features=Vulkan', '--use-angle=vulkan'] : [])];

function serve(): ChildProcess {
  const env = { ...process.env, PRETRAIN_LAB_E2E: '1' };
  const built = spawnSync('npx', ['vite', 'build', '--config', 'build/vite.config.ts', '--logLevel', 'warn'], { env, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('vite build failed');
  return spawn('npx', ['vite', 'preview', '--config', 'build/vite.config.ts', '--port', String(port), '--strictPort'], { env, stdio: 'ignore' });
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

type Step = Extract<RunEvent, { event: 'step' }>;

/** Tokens/s over steps warmup+1..steps, from the trainer's running mean at both ends. */
function rateAfterWarmup(events: RunEvent[], tokensPerBatch: number): number {
  const stepEvents = events.filter((e): e is Step => e.event === 'step');
  const at = (n: number) => {
    const e = stepEvents.find((s) => s.step === n)!;
    return (n * tokensPerBatch * 1000) / e.tokensPerSec; // ms spent on steps 1..n
  };
  return ((steps - warmup) * tokensPerBatch * 1000) / (at(steps) - at(warmup));
}

async function main() {
  const server = serve();
  const browser = await chromium.launch({ executablePath, headless: !flag('headed'), args: ['--no-sandbox', '--no-first-run', ...gpuArgs] });
  try {
    await waitFor(`http://localhost:${port}/dev/worker-harness.html`);
    const page = await browser.newPage();
    await page.goto(`http://localhost:${port}/dev/worker-harness.html`);
    await page.waitForFunction(() => 'workerHarness' in window);
    console.log(`${await browser.version()} (${executablePath}), flags ${gpuArgs.join(' ')}`);
    const doc = parseGraph(readFileSync('samples/causal-lm.graph.json', 'utf8'));
    const rates: Record<string, number> = {};
    for (const backend of ['wasm', 'webgpu'] as const) {
      const run = await page.evaluate(([d, b, n]) => window.workerHarness.train(d, b, { steps: n, stopAtStep: n }), [doc, backend, steps] as const);
      const failed = run.events.find((e) => e.event === 'error' || e.event === 'crash');
      if (failed) {
        console.log(`${backend}: ${JSON.stringify(failed)}`);
        continue;
      }
      const start = run.events.find((e): e is Extract<RunEvent, { event: 'start' }> => e.event === 'start')!;
      const chosen = run.events.find((e): e is Extract<RunEvent, { event: 'backend' }> => e.event === 'backend')!;
      rates[backend] = rateAfterWarmup(run.events, start.tokensPerBatch);
      console.log(`${backend}${chosen.adapter ? ` on ${chosen.adapter}` : ''}: ${rates[backend]!.toFixed(0)} tokens/s (steps ${warmup + 1}..${steps})`);
    }
    if (rates.wasm && rates.webgpu) console.log(`webgpu / wasm: ${(rates.webgpu / rates.wasm).toFixed(2)}x the tokens/s`);
  } finally {
    await browser.close();
    server.kill();
  }
}

await main();
