import { readdirSync } from 'node:fs';

/**
 * Which samples the WebGPU parity tests train. SwiftShader takes about a second a step whatever
 * the model. In Node (Dawn, as `--backend webgpu` runs it) every sample: the nine, shrunk, took
 * 63 s alone on a quiet 2-core machine, and that is what proves each sample's kernels on webgpu.
 * In the browser the causal LM alone: its worker runs the same tfjs kernels, and the nine there
 * (107 s alone) took the fresh-clone suite to 834 and 876 s, too near its 15 minutes.
 * `npm run test:webgpu` runs every sample in both (PRETRAIN_LAB_WEBGPU_SAMPLES=all, or a
 * comma-separated list).
 */
export const DEFAULT_WEBGPU_SAMPLES = { node: 'all', browser: 'causal-lm' } as const;

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
