import { z } from 'zod';
import { defineNode } from '../../engine/registry/define-node.js';
import { meanSquaredError } from './mse.run.js';
import { mseTorch } from './mse.torch.js';

const params = z.strictObject({});

export const mseNode = defineNode<z.infer<typeof params>>({
  type: 'loss/mse',
  family: 'loss',
  title: 'Mean squared error',
  version: 1,
  stage: 'tensor',
  docs: `The mean of the squared differences between a prediction and its target, over every
number: the loss of a diffusion model predicting the noise that was added (DDPM's "simple"
loss). It starts near 1 for an untrained model predicting noise (the noise has variance 1).`,
  params,
  inputs: [
    { name: 'prediction', type: { dtype: 'float32', shape: ['B', 'P'], role: 'noise' }, doc: 'the predicted noise' },
    { name: 'target', type: { dtype: 'float32', shape: ['B', 'P'], role: 'noise' }, doc: 'the noise that was added' },
  ],
  outputs: [{ name: 'loss', type: { dtype: 'float32', shape: [], role: 'loss' }, doc: 'the mean squared error' }],
  torch: mseTorch,
  emit: { uses: ['graph-nodes/loss/mse.run.ts'], code: () => 'meanSquaredError()' },
  build: () => ({ apply: meanSquaredError() }),
});
