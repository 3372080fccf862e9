import { z } from 'zod';
import { defineNode } from '../../engine/registry/define-node.js';
import type { TrainerSettings } from '../../engine/train/trainer-settings.js';

const params = z
  .strictObject({
    optimizer: z.enum(['adamw', 'adam']).default('adamw'),
    learningRate: z.number().min(1e-6).max(1).default(1e-3),
    minLearningRate: z.number().min(0).max(1).default(1e-4),
    warmupSteps: z.number().int().min(0).max(1_000_000).default(100),
    decay: z.enum(['cosine', 'linear', 'constant']).default('cosine'),
    beta1: z.number().min(0).max(0.9999).default(0.9),
    beta2: z.number().min(0).max(0.99999).default(0.99),
    weightDecay: z.number().min(0).max(1).default(0.01),
    gradClip: z.number().min(0).max(1000).default(1),
    steps: z.number().int().min(1).max(10_000_000).default(1000),
    evalInterval: z.number().int().min(1).max(1_000_000).default(200),
    evalBatches: z.number().int().min(1).max(1000).default(8),
  })
  .refine((p) => p.minLearningRate <= p.learningRate, {
    message: 'must not exceed learningRate',
    path: ['minLearningRate'],
  });

export type OptimizerParams = z.infer<typeof params>;
// the trainer reads these settings through the engine's own type: a setting renamed here fails to compile there
const _trainerReadsThese = (p: OptimizerParams): TrainerSettings => p;
void _trainerReadsThese;

export const optimizerNode = defineNode<OptimizerParams>({
  type: 'training/optimizer',
  family: 'training',
  title: 'Optimizer',
  version: 1,
  stage: 'train',
  docs: `How the loss is minimised, and for how long.

AdamW (Adam with weight decay applied directly to the weights, not through the gradient; biases
and norm gains are not decayed), a learning rate that rises linearly over \`warmupSteps\` and
then decays to \`minLearningRate\` (cosine or linear) by the last step, and gradient clipping by
global norm (0 turns it off). Every \`evalInterval\` steps, and at the end, the loss and metrics
are measured on \`evalBatches\` batches of held-out data.`,
  params,
  inputs: [{ name: 'loss', type: { dtype: 'float32', shape: [], role: 'loss' }, doc: 'the loss to minimise' }],
  outputs: [],
});
