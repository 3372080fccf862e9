import { readdirSync } from 'node:fs';

/**
 * Which samples the WebGPU parity tests train: by default every sample, in Node (Dawn, as
 * `--backend webgpu` runs it) and in the app's training worker in Chromium. SwiftShader takes
 * about a second a step whatever the model; the nine, shrunk, took 128 s in Node and 107 s in
 * the browser, each alone on a quiet 2-core machine. PRETRAIN_LAB_WEBGPU_SAMPLES (`all`, or a
 * comma-separated list) picks others, e.g. one sample while working on a kernel.
 */
export const DEFAULT_WEBGPU_SAMPLES = { node: 'all', browser: 'all' } as const;

export function webgpuSamples(where: keyof typeof DEFAULT_WEBGPU_SAMPLES, env = process.env.PRETRAIN_LAB_WEBGPU_SAMPLES): string[] {
  const all = readdirSync('samples')
    .filter((f) => f.endsWith('.graph.json'))
    .map((f) => f.replace('.graph.json', ''));
  const chosen = env || DEFAULT_WEBGPU_SAMPLES[where];
  if (chosen === 'all') return all;
  const wanted = chosen
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = wanted.filter((s) => !all.includes(s));
  if (unknown.length) throw new Error(`PRETRAIN_LAB_WEBGPU_SAMPLES names no sample ${unknown.join(', ')} (there are: ${all.join(', ')})`);
  return wanted;
}
