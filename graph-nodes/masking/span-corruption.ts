import { z } from 'zod';
import { NodeRunError } from '../../engine/core/diagnostics.js';
import type { HostTensor } from '../../engine/core/host-tensor.js';
import type { NodeIssue } from '../../engine/registry/define-node.js';
import { inferEncoderDecoder, NO_PAD } from './encoder-decoder-types.js';
import { defineNode } from '../../engine/registry/define-node.js';
import { spanCorruption, spanLayout, type SpanLayout } from './span-corruption.run.js';
import { spanCorruptionTorch } from './span-corruption.torch.js';

export { corruptBlock, noiseMask, randomSegmentation, spanLayout, SPAN_CORRUPTION_PORTS, type SpanLayout } from './span-corruption.run.js';

const params = z.strictObject({
  noiseDensity: z.number().min(0.01).max(0.9).default(0.15),
  meanSpanLength: z.number().min(1).max(64).default(3),
  /** 0: exactly what a block needs; larger pads with [PAD] */
  inputLength: z.number().int().min(0).max(4096).default(0),
  targetLength: z.number().int().min(0).max(4096).default(0),
  /** weight of the sentinel target tokens: 1 as in T5; 0 trains and scores only the span tokens */
  sentinelWeight: z.number().min(0).max(1).default(1),
  /** the fraction of blocks whose first span is centred (0: every span at a random place, as T5) */
  centredSpans: z.number().min(0).max(1).default(0),
});

export type SpanCorruptionParams = z.infer<typeof params>;

/** Problems with the layout and with lengths set by hand; `null` when the block is fine. */
function layoutIssues(T: number, p: SpanCorruptionParams): NodeIssue[] {
  if (T < 2) return [{ port: 'ids', message: 'blocks must hold at least 2 tokens to corrupt a span and keep the rest' }];
  const l = spanLayout(T, p);
  const issues: NodeIssue[] = [];
  if (T - l.noiseTokens < l.spans) {
    issues.push({ param: 'noiseDensity', message: `a block of ${T} tokens with ${l.noiseTokens} noise tokens in ${l.spans} spans leaves too few kept tokens to separate the spans: lower noiseDensity or raise meanSpanLength` });
  }
  if (p.inputLength > 0 && p.inputLength < l.inputLength) {
    issues.push({ param: 'inputLength', message: `is ${p.inputLength} but a block of ${T} tokens corrupts to ${l.inputLength} input tokens: set it to 0 (exact) or at least ${l.inputLength}` });
  }
  if (p.targetLength > 0 && p.targetLength < l.targetLength) {
    issues.push({ param: 'targetLength', message: `is ${p.targetLength} but a block of ${T} tokens gives ${l.targetLength} target tokens: set it to 0 (exact) or at least ${l.targetLength}` });
  }
  return issues;
}

const fewSentinels = (have: number, l: SpanLayout) =>
  `needs ${l.sentinels} sentinels (<extra_id_0> .. <extra_id_${l.sentinels - 1}>: one per span, ${l.spans} spans a block, and the closing one) but the tokenizer has ${have}: set its "sentinels" to at least ${l.sentinels}, or lower noiseDensity / raise meanSpanLength`;


export const spanCorruptionNode = defineNode<SpanCorruptionParams>({
  type: 'masking/span-corruption',
  family: 'masking',
  title: 'T5 span corruption',
  version: 1,
  stage: 'batch',
  docs: `Span corruption, T5's objective: hide \`noiseDensity\` of each block (15%) in contiguous
spans of \`meanSpanLength\` tokens on average (3), replace each span with one sentinel, and train
an encoder-decoder to write the missing spans back. For "Thank you for inviting me to your
party last week." with "for inviting" and "last" hidden:

- **inputs** (to the encoder): \`Thank you <extra_id_0> me to your party <extra_id_1> week.\`
- **targets**: \`<extra_id_0> for inviting <extra_id_1> last <extra_id_2>\` — each sentinel, the
  span it replaced, and a closing sentinel
- **decoderInputs** (teacher forcing): the targets shifted right, starting with [PAD] (T5's
  decoder start token), so position t sees target tokens 0..t-1
- **weights**: 1 on every real target token (sentinels included, as in T5), 0 on padding;
  \`sentinelWeight\` below 1 counts the sentinels less (0: only the hidden spans are trained
  and scored, which makes the loss node's accuracy an honest measure of infilling)

As in T5 (\`random_spans_noise_mask\`), every block of T tokens gets exactly round(T x
noiseDensity) noise tokens in round(noise / meanSpanLength) spans, split at random; kept and
noise spans alternate, and the whole pattern is rolled by a random offset (T5's random roll),
so every position is hidden equally often and a span may wrap from the block's end to its
start. The lengths are fixed by the block size: inputs hold the kept tokens plus one sentinel
per span (one more for a wrapped span), targets the noise tokens plus one sentinel per span
plus the closing one. \`inputLength\` and \`targetLength\` at 0 use exactly these; larger
values pad with [PAD] (weight 0).

\`centredSpans\` f > 0 rolls a fraction f of the blocks so that their first span sits in the
middle instead (the rest stay random). A small encoder-decoder learns infilling in two steps
that wait on each other: the decoder must find the sentinel in the encoder's output, and the
encoder must put the sentinel's neighbours there. A span at a fixed place can be read by
absolute position alone, which teaches the decoder to use neighbouring characters first; the
spans at random places then teach it to find them by the sentinel. Measured on the
span-corruption sample's shape (one 4-character span in 24, a PyTorch copy of its model):
with every span random the decoder wrote " the" into every gap for 4,000 steps (its first
hidden character right at the unigram rate, 0.17); with half of the spans centred it was
right 0.24 of the time by step 500, and 0.30 with the encoder's \`relativeLocality\` too. T5
has no such setting (at its scale both steps are learnt anyway); 0 is T5's objective.

Needs a tokenizer with [PAD] and at least spans + 1 sentinels (\`sentinels\` on the tokenizer).`,
  params,
  inputs: [{ name: 'ids', type: { dtype: 'int32', shape: ['B', 'T'], role: 'token-ids', vocab: 'V' }, doc: 'blocks of token ids' }],
  outputs: [
    { name: 'inputs', type: { dtype: 'int32', shape: ['B', 'S'], role: 'token-ids', vocab: 'V' }, doc: 'the blocks with each noise span replaced by a sentinel (encoder input)' },
    { name: 'targets', type: { dtype: 'int32', shape: ['B', 'L'], role: 'targets', vocab: 'V' }, doc: 'each sentinel, the span it hid, and a closing sentinel' },
    { name: 'decoderInputs', type: { dtype: 'int32', shape: ['B', 'L'], role: 'token-ids', vocab: 'V' }, doc: 'the targets shifted right after a [PAD] start token (teacher forcing)' },
    { name: 'weights', type: { dtype: 'float32', shape: ['B', 'L'], role: 'loss-weights' }, doc: '1 on real target tokens (sentinels: sentinelWeight), 0 on padding' },
  ],
  infer: ({ params: p, inputs, dims }) =>
    inferEncoderDecoder(dims, inputs.ids?.specials, {
      check: (T) => layoutIssues(T, p),
      layout: (T) => {
        const l = spanLayout(T, p);
        return { inputLength: Math.max(l.inputLength, p.inputLength), targetLength: Math.max(l.targetLength, p.targetLength), sentinels: l.sentinels };
      },
      // called only once T is known: the message counts the block's spans
      fewSentinels: (have) => fewSentinels(have, spanLayout(dims.get('T') as number, p)),
    }),
  prepare({ nodeId, params: p, ports }) {
    const port = ports.ids;
    const vocab = port?.vocabulary;
    const T = port?.type.shape[1];
    if (!vocab || typeof T !== 'number') return;
    if (vocab.special.pad === undefined) throw new NodeRunError(nodeId, NO_PAD, 'ids');
    const l = spanLayout(T, p);
    if (vocab.special.sentinels.length < l.sentinels) throw new NodeRunError(nodeId, fewSentinels(vocab.special.sentinels.length, l), 'ids');
  },
  torch: spanCorruptionTorch,
  emit: {
    uses: ['graph-nodes/masking/span-corruption.run.ts'],
    code: (e) => `spanCorruption(${e.config}, ${e.input('ids')}, ${e.vocabulary('ids')}, ${e.rng})`,
  },
  batch: ({ params: p, inputs, ports, rng }) => spanCorruption(p, inputs.ids as HostTensor, ports.ids!.vocabulary!, rng),
});
