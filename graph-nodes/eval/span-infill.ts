import { z } from 'zod';
import { pinnedToAsync } from '../../engine/core/diagnostics.js';
import { defineNode } from '../../engine/registry/define-node.js';
import { spanInfill } from './span-infill.run.js';
import { checkSpellable } from './sampling.js';
import { vocabularyOf } from '../../engine/runtime/forward-model.js';
import { spanInfillTorch } from './span-infill.torch.js';

export { encoderWindow, splitTargets } from './span-infill.run.js';

const params = z.strictObject({
  text: z
    .string()
    .default('Call me <extra_id_0>. Some years <extra_id_1> mind how long')
    .refine((t) => /<extra_id_\d+>/.test(t), { message: 'has no sentinel in it: write <extra_id_0>, <extra_id_1>, ... where spans are missing' }),
});

export type SpanInfillParams = z.infer<typeof params>;

export const spanInfillNode = defineNode<SpanInfillParams>({
  type: 'eval/span-infill',
  family: 'eval',
  title: 'Span infill',
  version: 1,
  stage: 'eval',
  docs: `Shows what span corruption makes a model good at: write text with sentinels
<extra_id_0>, <extra_id_1>, ... where spans are missing; the encoder reads it, and the decoder
writes the targets greedily (most likely token each step), starting from [PAD], as
"<extra_id_0> span <extra_id_1> span ..." until the sentinel after the last one in the text (or
its context is full). Each span then goes back in place of its sentinel. A text longer than
the encoder's input is read in a window of that length centred on its sentinels.

One row per sentinel with the span written for it, then the filled text and the raw targets.
Connect \`logits\` to the LM head over the decoder of an encoder-decoder whose encoder and
decoder read a span-corruption node's \`inputs\` and \`decoderInputs\`.`,
  params,
  inputs: [{ name: 'logits', type: { dtype: 'float32', shape: ['B', 'T', 'V'], role: 'logits' }, doc: "logits of the encoder-decoder's decoder" }],
  outputs: [],
  torch: spanInfillTorch,
  emit: {
    uses: ['graph-nodes/eval/span-infill.run.ts'],
    code: (e) => `spanInfill(${e.config}, ${e.model('logits')})`,
  },
  evaluate: ({ nodeId, params: p, model }) => pinnedToAsync(nodeId, undefined, () => spanInfill(p, model('logits'))),
  check: ({ params: p, model }) => checkSpellable('text', p.text.split(/<extra_id_\d+>/).join(''), vocabularyOf(model('logits'))),

});
