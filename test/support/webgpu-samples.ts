import { readdirSync } from 'node:fs';

/**
 * Which samples the WebGPU parity tests train: every sample, in Node (Dawn, as `--backend webgpu`
 * runs it) and in the browser's training worker, unless PRETRAIN_LAB_WEBGPU_SAMPLES names fewer
 * (a comma-separated list). SwiftShader takes a fraction of a second a step whatever the model:
 * the nine, shrunk, took 63 s of tests alone in Node and 107 s in the browser on a quiet 2-core
 * machine.
 */
export function webgpuSamples(env = process.env.PRETRAIN_LAB_WEBGPU_SAMPLES): string[] {
  const all = readdirSync('samples')
    .filter((f) => f.endsWith('.graph.json'))
    .map((f) => f.replace('.graph.json', ''));
  if (!env || env === 'all') return all;
  const wanted = env
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = wanted.filter((s) => !all.includes(s));
  if (unknown.length) throw new Error(`PRETRAIN_LAB_WEBGPU_SAMPLES names no sample ${unknown.join(', ')} (there are: ${all.join(', ')})`);
  return wanted;
}
