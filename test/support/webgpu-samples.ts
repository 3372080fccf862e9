import { readdirSync } from 'node:fs';

/**
 * Which samples the WebGPU parity tests train. SwiftShader takes about a second a step whatever
 * the model, so every sample on both paths costs over ten minutes on a 2-core machine: more than
 * the whole suite may take (span corruption alone: 75 s in Node with the other core busy). By
 * default the causal LM (the embedding path that trained on zeros); `npm run test:webgpu` runs
 * every sample (PRETRAIN_LAB_WEBGPU_SAMPLES=all, or a comma-separated list).
 */
export const DEFAULT_WEBGPU_SAMPLES = ['causal-lm'];

export function webgpuSamples(env = process.env.PRETRAIN_LAB_WEBGPU_SAMPLES): string[] {
  const all = readdirSync('samples')
    .filter((f) => f.endsWith('.graph.json'))
    .map((f) => f.replace('.graph.json', ''));
  if (env === 'all') return all;
  const wanted = env ? env.split(',').map((s) => s.trim()).filter(Boolean) : DEFAULT_WEBGPU_SAMPLES;
  const unknown = wanted.filter((s) => !all.includes(s));
  if (unknown.length) throw new Error(`PRETRAIN_LAB_WEBGPU_SAMPLES names no sample ${unknown.join(', ')} (there are: ${all.join(', ')})`);
  return wanted;
}
