import { z } from 'zod';
import { NodeRunError, pinnedToAsync } from '../../engine/core/diagnostics.js';
import { defineNode } from '../../engine/registry/define-node.js';
import type { NoiseSchedule } from '../noise-schedule/ddpm.run.js';
import { generateImages } from './generate-images.run.js';
import { generateImagesTorch } from './generate-images.torch.js';

const params = z.strictObject({
  count: z.number().int().min(1).max(1024).default(64),
  sampler: z.enum(['ddpm', 'ddim']).default('ddim'),
  steps: z.number().int().min(1).max(10000).default(100),
  columns: z.number().int().min(1).max(64).default(8),
});

export const generateImagesNode = defineNode<z.infer<typeof params>>({
  type: 'eval/generate-images',
  family: 'eval',
  title: 'Generate images',
  version: 1,
  stage: 'eval',
  docs: `Draws \`count\` new images with a trained diffusion model, from pure noise, and shows them in
a grid \`columns\` wide. \`ddpm\` walks every step of the schedule back to 0, adding fresh noise
at each (Ho et al. 2020); \`ddim\` takes only \`steps\` of them, deterministically (Song et al.
2021): far quicker, and usually as good. Every step estimates the clean image and keeps it in
range. \`pretrain-lab generate RUN_DIR -n 64 -o grid.png\` writes the grid as a PNG.
Connect \`noise\` to the denoiser's output and \`schedule\` to the noise schedule.`,
  params,
  inputs: [
    { name: 'noise', type: { dtype: 'float32', shape: ['B', 'P'], role: 'noise' }, doc: "the denoiser's predicted noise" },
    { name: 'schedule', type: { dtype: 'float32', shape: ['T'], role: 'schedule' }, doc: 'the noise schedule it was trained with' },
  ],
  outputs: [],
  torch: generateImagesTorch,
  emit: {
    uses: ['graph-nodes/eval/generate-images.run.ts'],
    code: (e) => `generateImages(${e.config}, ${e.model('noise')}, ${e.input('schedule')}, ${e.rng})`,
  },
  evaluate: ({ nodeId, params: p, model, inputs, rng }) => {
    const schedule = inputs.schedule as NoiseSchedule | undefined;
    if (!schedule) throw new NodeRunError(nodeId, 'is not connected to a noise schedule', 'schedule');
    return pinnedToAsync(nodeId, undefined, () => generateImages(p, model('noise'), schedule, rng));
  },
});
