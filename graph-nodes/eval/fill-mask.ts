import { z } from 'zod';
import { defineNode } from '../../engine/registry/define-node.js';
import { pinnedToAsync } from '../../engine/core/diagnostics.js';
import { fillMask } from './fill-mask.run.js';
import { checkSpellable } from './sampling.js';
import { vocabularyOf } from '../../engine/runtime/forward-model.js';
import { fillMaskTorch } from './fill-mask.torch.js';

const params = z.strictObject({
  text: z
    .string()
    .default('Call me Ishm[MASK]el. Some years ago, never mind how long precisely')
    .refine((t) => t.includes('[MASK]'), { message: 'has no [MASK] in it: write [MASK] where a token is missing' }),
  topK: z.number().int().min(1).max(50).default(5),
});

export const fillMaskNode = defineNode<z.infer<typeof params>>({
  type: 'eval/fill-mask',
  family: 'eval',
  title: 'Fill mask',
  version: 1,
  stage: 'eval',
  docs: `Shows what a masked LM is good at: write text with [MASK] where tokens are missing and the
model ranks what fits there, using the words on *both* sides. Each row is one [MASK], with its
\`topK\` candidates and their probabilities; the text line fills every mask with its best guess.`,
  params,
  inputs: [{ name: 'logits', type: { dtype: 'float32', shape: ['B', 'T', 'V'], role: 'logits' }, doc: 'per-position logits of a masked LM' }],
  outputs: [],
  torch: fillMaskTorch,
  emit: {
    uses: ['graph-nodes/eval/fill-mask.run.ts'],
    code: (e) => `fillMask(${e.config}, ${e.model('logits')})`,
  },
  evaluate: ({ nodeId, params: p, model }) => pinnedToAsync(nodeId, undefined, () => fillMask(p, model('logits'))),
  check: ({ params: p, model }) => {
    const vocab = vocabularyOf(model('logits'));
    checkSpellable('text', p.text, vocab);
    if (vocab.special.mask !== undefined && !vocab.encode(p.text).includes(vocab.special.mask)) throw new Error('setting "text" has no [MASK] the tokenizer reads as its mask token');
  },

});
