import { z } from 'zod';
import type { HostTensor } from '../../engine/core/host-tensor.js';
import { defineNode } from '../../engine/registry/define-node.js';
import { diffuse, type NoiseSchedule } from './ddpm.run.js';
import { diffuseTorch } from './ddpm.torch.js';

const params = z.strictObject({});

export const diffuseNode = defineNode<z.infer<typeof params>>({
  type: 'noise-schedule/diffuse',
  family: 'noise-schedule',
  title: 'Add noise (forward diffusion)',
  version: 1,
  stage: 'batch',
  docs: `The training task of denoising diffusion (DDPM): each image (pixels 0..1, taken to -1..1) is
noised to a random step t of the schedule, x_t = sqrt(alphaBar_t) x_0 + sqrt(1 - alphaBar_t)
noise, with the noise drawn from a standard normal. A denoiser sees x_t and t and must say what
\`noise\` was added: the MSE between its guess and it is the loss. Every t is drawn uniformly,
so one model learns to denoise at every level, which is what sampling needs.`,
  params,
  inputs: [
    { name: 'images', type: { dtype: 'float32', shape: ['B', 'P'], role: 'image' }, doc: 'clean images, pixels 0..1' },
    { name: 'schedule', type: { dtype: 'float32', shape: ['T'], role: 'schedule' }, doc: 'the noise schedule' },
  ],
  outputs: [
    { name: 'noisy', type: { dtype: 'float32', shape: ['B', 'P'], role: 'image' }, doc: 'the noised images x_t' },
    { name: 'noise', type: { dtype: 'float32', shape: ['B', 'P'], role: 'noise' }, doc: 'the noise that was added (the target)' },
    { name: 'timesteps', type: { dtype: 'int32', shape: ['B'], role: 'timestep' }, doc: 'each image\'s step t' },
  ],
  torch: diffuseTorch,
  emit: { uses: ['graph-nodes/noise-schedule/ddpm.run.ts'], code: (e) => `diffuse(${e.input('images')}, ${e.input('schedule')}, ${e.rng})` },
  batch: ({ inputs, rng }) => diffuse(inputs.images as HostTensor, inputs.schedule as NoiseSchedule, rng),
});
