import { z } from 'zod';
import { NodeRunError } from '../../engine/core/diagnostics.js';
import type { HostTensor } from '../../engine/core/host-tensor.js';
import type { SpecialName } from '../../engine/core/vocabulary.js';
import { inferEncoderDecoder, NO_PAD } from './encoder-decoder-types.js';
import { defineNode, type NodeIssue } from '../../engine/registry/define-node.js';
import { spanLayout } from './span-corruption.run.js';
import { denoisersOf, UL2_BRANCHES, UL2_MODE_TOKENS, ul2Layout, ul2Mixture } from './ul2-mixture.run.js';
import { ul2MixtureTorch } from './ul2-mixture.torch.js';

const probability = z.number().min(0).max(1);
const params = z
  .strictObject({
    mixture: z.enum(['seven', 'three']).default('seven'),
    rProbability: probability.default(0.4),
    sProbability: probability.default(0.2),
    xProbability: probability.default(0.4),
    rNoiseDensity: z.number().min(0.01).max(0.9).default(0.15),
    rMeanSpanLength: z.number().min(1).max(64).default(3),
    xNoiseDensity: z.number().min(0.01).max(0.9).default(0.5),
    xMeanSpanLength: z.number().min(1).max(64).default(8),
    sMinPrefix: z.number().min(0).max(1).default(0.25),
    sMaxPrefix: z.number().min(0).max(1).default(0.75),
    modeTokens: z.boolean().default(true),
  })
  .refine((p) => p.mixture === 'seven' || p.rProbability + p.sProbability + p.xProbability > 0, { message: 'at least one denoiser needs a probability above 0', path: ['rProbability'] })
  .refine((p) => p.sMinPrefix <= p.sMaxPrefix, { message: 'must be at least sMinPrefix', path: ['sMaxPrefix'] });

export type Ul2Params = z.infer<typeof params>;

const MODE_NAMES = Object.values(UL2_MODE_TOKENS) as SpecialName[];
const NO_MODES = `needs the mode tokens [NLU], [S2S] and [NLG]: add "nlu", "s2s" and "nlg" to the tokenizer's special tokens, or turn modeTokens off`;
const fewSentinels = (have: number, need: number) =>
  `needs ${need} sentinels (<extra_id_0> .. <extra_id_${need - 1}>) for its R and X spans but the tokenizer has ${have}: set its "sentinels" to at least ${need}`;

function layoutIssues(T: number, p: Ul2Params): NodeIssue[] {
  if (T < 4) return [{ port: 'ids', message: 'blocks must hold at least 4 tokens to split or corrupt' }];
  const issues: NodeIssue[] = [];
  for (const d of denoisersOf(p)) {
    if (d.paradigm === 'S' || d.weight <= 0) continue;
    const l = spanLayout(T, d);
    if (T - l.noiseTokens < l.spans) {
      const which = d.paradigm.toLowerCase();
      const message = `a block of ${T} tokens with ${l.noiseTokens} noise tokens in ${l.spans} spans leaves too few kept tokens to separate them`;
      issues.push(
        p.mixture === 'seven'
          ? { port: 'ids', message: `${message} (the ${d.paradigm} denoiser with spans of ${d.meanSpanLength} at ${d.noiseDensity * 100}% noise): use longer blocks` }
          : { param: `${which}NoiseDensity`, message: `${message}: lower it or raise ${which}MeanSpanLength` },
      );
    }
  }
  return issues;
}

export const ul2MixtureNode = defineNode<Ul2Params>({
  type: 'masking/ul2-mixture',
  family: 'masking',
  title: 'UL2 mixture of denoisers',
  version: 2,
  // version 1 had only the three-denoiser mixture
  migrate: (params, from) => (from < 2 ? { mixture: 'three', ...params } : params),
  stage: 'batch',
  docs: `UL2's mixture of denoisers (Tay et al. 2022): each block becomes an encoder-decoder example
of one denoiser, drawn at random. Denoisers come in three paradigms:
- **R** (regular): T5 span corruption with a little noise in short spans: short gaps, filled
  from plenty of context (understanding).
- **S** (sequential): the encoder reads a prefix of \`sMinPrefix\`..\`sMaxPrefix\` of the block and
  the decoder writes the rest, as a prefix LM does (generation).
- **X** (extreme): span corruption with dense noise or long spans: much to write from little
  context.

\`mixture\` **seven** is the paper's mixture (its Table 1), each denoiser drawn equally often: R
with spans of 3 and of 8 tokens at 15% noise; S; X with spans of 3 and of 8 at 50% noise, and
of 64 at 15% and at 50% (on short blocks a 64-token span is simply the whole noise). **three**
is a lighter mixture of one R (\`rNoiseDensity\`, \`rMeanSpanLength\`), one S and one X
(\`xNoiseDensity\`, \`xMeanSpanLength\`), drawn with \`rProbability\`, \`sProbability\` and
\`xProbability\`; those settings do nothing under seven.

Measured on the UL2 sample (characters of Moby-Dick, 1,500 steps, one seed; \`pretrain-lab
measure\` on each run): seven — held-out generation 3.317 bits a character, mid-text infill
0.107 of characters, Brown-genre probe 0.150 (0.150 untrained); three — 3.307, 0.060, 0.120
(0.130 untrained). Baselines: 4.476 bits, 0.188 (always a space), 0.160 (the majority genre).
At this size neither mixture yet infills better than writing spaces or probes better than an
untrained model; seven writes spans a little better, three generates as well on shorter
examples, and the sample keeps three, which its README figures describe.

With \`modeTokens\` the encoder input starts with the paradigm's mode token — [NLU] for R, [S2S]
for S, [NLG] for X — so the model knows which task it is doing (and can be asked for one later).
Every example is padded with [PAD] to one fixed encoder and decoder length (connect \`inputs\`
to the encoder's \`ids\` and the decoder's \`memoryIds\` so the padding is not attended to).
\`branch\` tells, per block, which paradigm made it (0 = R, 1 = S, 2 = X): wire it to the
cross-entropy's \`branch\` input to see the held-out loss and accuracy of each separately.

The tokenizer needs [PAD], sentinels for the R and X spans, and (with modeTokens) the special
tokens "nlu", "s2s" and "nlg".`,
  params,
  inputs: [{ name: 'ids', type: { dtype: 'int32', shape: ['B', 'T'], role: 'token-ids', vocab: 'V' }, doc: 'blocks of token ids' }],
  outputs: [
    { name: 'inputs', type: { dtype: 'int32', shape: ['B', 'S'], role: 'token-ids', vocab: 'V' }, doc: 'encoder input: mode token, then the corrupted block or the prefix' },
    { name: 'targets', type: { dtype: 'int32', shape: ['B', 'L'], role: 'targets', vocab: 'V' }, doc: 'what the decoder must write: the spans (R, X) or the continuation (S)' },
    { name: 'decoderInputs', type: { dtype: 'int32', shape: ['B', 'L'], role: 'token-ids', vocab: 'V' }, doc: 'the targets shifted right after a [PAD] start token' },
    { name: 'weights', type: { dtype: 'float32', shape: ['B', 'L'], role: 'loss-weights' }, doc: '1 on real target tokens, 0 on padding' },
    { name: 'branch', type: { dtype: 'int32', shape: ['B'], role: 'branch', labels: UL2_BRANCHES }, doc: 'which denoiser made each block: 0 = R, 1 = S, 2 = X' },
  ],
  infer({ params: p, inputs, dims }) {
    const r = inferEncoderDecoder(dims, inputs.ids?.specials, {
      check: (T) => layoutIssues(T, p),
      layout: (T) => ul2Layout(T, p),
      needs: (names) => (p.modeTokens && MODE_NAMES.some((m) => !names.includes(m)) ? [{ port: 'ids', message: NO_MODES }] : []),
      fewSentinels: (have, l) => fewSentinels(have, l.sentinels),
    });
    const B = dims.get('B')!;
    return { outputs: { ...r.outputs, branch: { dtype: 'int32', shape: [B], role: 'branch', labels: UL2_BRANCHES } }, issues: r.issues };
  },
  prepare({ nodeId, params: p, ports }) {
    const port = ports.ids;
    const vocab = port?.vocabulary;
    const T = port?.type.shape[1];
    if (!vocab || typeof T !== 'number') return;
    if (vocab.special.pad === undefined) throw new NodeRunError(nodeId, NO_PAD, 'ids');
    if (p.modeTokens && MODE_NAMES.some((m) => vocab.special[m] === undefined)) throw new NodeRunError(nodeId, NO_MODES, 'ids');
    const l = ul2Layout(T, p);
    if (vocab.special.sentinels.length < l.sentinels) throw new NodeRunError(nodeId, fewSentinels(vocab.special.sentinels.length, l.sentinels), 'ids');
  },
  emit: {
    uses: ['graph-nodes/masking/ul2-mixture.run.ts'],
    code: (e) => `ul2Mixture(${e.config}, ${e.input('ids')}, ${e.vocabulary('ids')}, ${e.rng})`,
  },
  torch: ul2MixtureTorch,
  batch: ({ params: p, inputs, ports, rng }) => ul2Mixture(p, inputs.ids as HostTensor, ports.ids!.vocabulary!, rng),
});
