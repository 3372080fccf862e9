import { z } from 'zod';
import { defineNode } from '../../engine/registry/define-node.js';
import { mlpDenoiser } from './mlp-denoiser.run.js';
import { mlpDenoiserTorch } from './mlp-denoiser.torch.js';

const params = z.strictObject({
  hidden: z.number().int().min(8).max(8192).default(512),
  blocks: z.number().int().min(1).max(32).default(3),
});

export const mlpDenoiserNode = defineNode<z.infer<typeof params>>({
  type: 'model/mlp-denoiser',
  family: 'model',
  title: 'Denoiser (residual MLP)',
  version: 1,
  stage: 'tensor',
  docs: `Guesses the noise in a noisy image, given how noisy it is: the denoiser of a diffusion model.
The image's pixels go into \`hidden\` units and the step's vector (from a timestep embedding of
the same width) is added; then \`blocks\` residual blocks — LayerNorm, a layer twice as wide
with the step added again, GELU, back to \`hidden\` — and a last layer back to one number per
pixel, to which the noisy image itself is added, weighted pixel by pixel by the step (at high
noise the noise is mostly the image itself, which \`hidden\` units fewer than the pixels could
not carry through). An MLP, not a convolutional UNet: it sees the image as a row of pixels, which is enough
for 28x28 digits and quick on a CPU.`,
  params,
  inputs: [
    { name: 'noisy', type: { dtype: 'float32', shape: ['B', 'P'], role: 'image' }, doc: 'noisy images x_t' },
    { name: 'time', type: { dtype: 'float32', shape: ['B', 'H'], role: 'pooled' }, doc: 'the step t, embedded (as wide as hidden)' },
  ],
  outputs: [{ name: 'noise', type: { dtype: 'float32', shape: ['B', 'P'], role: 'noise' }, doc: 'the predicted noise' }],
  dims: (p) => ({ H: p.hidden }),
  torch: mlpDenoiserTorch,
  emit: { uses: ['graph-nodes/model/mlp-denoiser.run.ts'], code: (e) => `mlpDenoiser(${e.config}, ${e.dim('noisy', 1)}, ${e.variable})` },
  build({ params: p, inputs, variable }) {
    const P = inputs.noisy!.type.shape[1];
    if (typeof P !== 'number') throw new Error('the number of pixels per image is not known');
    return { apply: mlpDenoiser(p, P, variable) };
  },
});
