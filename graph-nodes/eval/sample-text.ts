import { z } from 'zod';
import { defineNode } from '../../engine/registry/define-node.js';
import { pinnedToAsync } from '../../engine/core/diagnostics.js';
import { sampleText } from './sample-text.run.js';
import { checkSpellable } from './sampling.js';
import { vocabularyOf } from '../../engine/runtime/forward-model.js';
import { sampleTextTorch } from './sample-text.torch.js';

const params = z.strictObject({
  prompt: z.string().default('The '),
  tokens: z.number().int().min(1).max(4096).default(200),
  temperature: z.number().min(0.01).max(5).default(0.8),
  topK: z.number().int().min(0).max(100_000).default(0),
});

export const sampleTextNode = defineNode<z.infer<typeof params>>({
  type: 'eval/sample-text',
  family: 'eval',
  title: 'Sample text',
  version: 1,
  stage: 'eval',
  docs: `Generates text the way a causal LM is used: encode the prompt, predict a distribution over
the next token, draw one (sharpened or flattened by \`temperature\`, restricted to the \`topK\`
most likely when set), append it and repeat. The model reads at most its context length: when
the text outgrows that, the oldest quarter is dropped. A causal decoder-only model keeps each
layer's keys and values between tokens (a key/value cache), so a new token costs one position,
not the whole context. This is what next-token pretraining makes a model good at; a masked
LM's logits fed here produce noise, because it never learnt to predict from the left context
alone.`,
  params,
  inputs: [{ name: 'logits', type: { dtype: 'float32', shape: ['B', 'T', 'V'], role: 'logits' }, doc: 'next-token logits of a causal model' }],
  outputs: [],
  torch: sampleTextTorch,
  emit: {
    uses: ['graph-nodes/eval/sample-text.run.ts'],
    code: (e) => `sampleText(${e.config}, ${e.model('logits')}, ${e.rng})`,
  },
  evaluate: ({ nodeId, params: p, model, rng, signal }) => pinnedToAsync(nodeId, undefined, () => sampleText(p, model('logits'), rng, signal)),
  check: ({ params: p, model }) => checkSpellable('prompt', p.prompt, vocabularyOf(model('logits'))),

});
