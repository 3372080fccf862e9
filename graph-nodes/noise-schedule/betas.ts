import { z } from 'zod';
import { defineNode } from '../../engine/registry/define-node.js';
import { noiseSchedule } from './ddpm.run.js';
import { noiseScheduleTorch } from './ddpm.torch.js';

const params = z
  .strictObject({
    kind: z.enum(['linear', 'cosine']).default('linear'),
    steps: z.number().int().min(2).max(10000).default(1000),
    betaStart: z.number().min(1e-6).max(0.5).default(1e-4),
    betaEnd: z.number().min(1e-6).max(0.999).default(0.02),
  })
  .refine((p) => p.betaStart <= p.betaEnd, { message: 'must be at least betaStart', path: ['betaEnd'] });

export const noiseScheduleNode = defineNode<z.infer<typeof params>>({
  type: 'noise-schedule/betas',
  family: 'noise-schedule',
  title: 'Noise schedule',
  version: 1,
  stage: 'source',
  docs: `How much noise denoising diffusion adds at each of \`steps\` steps (T; 1000 in DDPM). Step t
adds Gaussian noise of variance beta_t; what survives of the clean image by step t is
alphaBar_t = (1 - beta_0) ... (1 - beta_t), so step t's noisy image is
sqrt(alphaBar_t) x_0 + sqrt(1 - alphaBar_t) noise, in one go.
- \`linear\`: beta rises evenly from \`betaStart\` to \`betaEnd\` (Ho et al. 2020).
- \`cosine\`: alphaBar follows a squared cosine, which destroys the image more gently early on
  (Nichol & Dhariwal 2021); betaStart and betaEnd are then not used.
Connect it to the noising node (training) and to the image generator (sampling): both must use
the same schedule.`,
  params,
  inputs: [],
  outputs: [{ name: 'schedule', type: { dtype: 'float32', shape: ['T'], role: 'schedule' }, doc: 'betas, alphas and alphaBars for every step' }],
  torch: noiseScheduleTorch,
  emit: { uses: ['graph-nodes/noise-schedule/ddpm.run.ts'], code: (e) => `{ schedule: noiseSchedule(${e.config}) }` },
  setup: async ({ params: p }) => ({ outputs: { schedule: noiseSchedule(p) } }),
});
