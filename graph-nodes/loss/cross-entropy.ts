import { z } from 'zod';
import { defineNode } from '../../engine/registry/define-node.js';
import { formatShape } from '../../engine/core/tensor-type.js';
import { accuracyAccumulator, crossEntropy } from './cross-entropy.run.js';
import { crossEntropyTorch } from './cross-entropy.torch.js';

export { accuracyAccumulator } from './cross-entropy.run.js';

const params = z.strictObject({
  labelSmoothing: z.number().min(0).max(0.5).default(0),
});

export type CrossEntropyParams = z.infer<typeof params>;

export const crossEntropyNode = defineNode<CrossEntropyParams>({
  type: 'loss/cross-entropy',
  family: 'loss',
  title: 'Cross-entropy',
  version: 1,
  stage: 'tensor',
  docs: `The language-modelling loss: at every position, minus the log-probability the logits give
the target token, averaged. It starts near ln(V) for an untrained model.

Connect \`weights\` to choose which positions count and how much: the mean is
sum(w * loss) / sum(w), so a position with weight 0 (padding, or the unmasked tokens of BERT
masking) is ignored. \`labelSmoothing\` s trains towards (1 - s) on the target and s spread
evenly over the vocabulary, which keeps the model from becoming over-confident.

Reports on held-out data: \`accuracy\`, the share of positions whose most likely token is the
target, counting only positions with weight > 0 (e.g. the masked tokens in BERT); and
\`baselineAccuracy\`, what always guessing the most frequent target would score on the same
positions. Connect \`branch\` (which objective each example came from, e.g. a UL2 mixture's) to
also get each branch's held-out \`<branch>.loss\` (without label smoothing) and
\`<branch>.accuracy\`. When some targets are special tokens (T5's sentinels, which mark where a
span starts and are easy to predict), \`textAccuracy\` and \`textBaselineAccuracy\` count the
text targets alone: the honest measure of how well hidden text is recovered.

Connect \`inputs\` when the model reads its input at the targets' own positions, as a masked LM
does (the masking node's \`inputs\`): BERT leaves 10% of the picked positions unchanged, and
there the input shows the answer. \`accuracy\` and \`baselineAccuracy\` then count only the
positions whose input hides the target, and \`masked.accuracy\`, \`random.accuracy\` and
\`kept.accuracy\` give each kind of picked position on its own. (Not for causal or
encoder-decoder objectives, whose inputs do not line up with their targets.)`,
  params,
  // the softmax of the logits, kept for the backward pass: as large as the logits themselves
  internals: ({ inputs, size }) => {
    const l = inputs.logits;
    const n = l?.shape.reduce<number | undefined>((a, d) => (a === undefined || size(d) === undefined ? undefined : a * size(d)!), 1);
    return l && n !== undefined ? [{ what: `probabilities ${formatShape(l.shape.map((d) => size(d) ?? d))}`, elements: n, count: 1 }] : [];
  },
  inputs: [
    { name: 'logits', type: { dtype: 'float32', shape: ['B', 'T', 'V'], role: 'logits' }, doc: 'scores per token' },
    { name: 'targets', type: { dtype: 'int32', shape: ['B', 'T'], role: 'targets', vocab: 'V' }, doc: 'the tokens to predict' },
    { name: 'weights', type: { dtype: 'float32', shape: ['B', 'T'], role: 'loss-weights' }, doc: 'how much each position counts (0 = ignored)', optional: true },
    { name: 'branch', type: { dtype: 'int32', shape: ['B'], role: 'branch' }, doc: 'which objective each example came from: held-out figures per branch', optional: true },
    { name: 'inputs', type: { dtype: 'int32', shape: ['B', 'T'], role: 'token-ids', vocab: 'V' }, doc: "the ids the model read at the targets' positions (a masked LM's input): accuracy on hidden positions only", optional: true },
  ],
  outputs: [{ name: 'loss', type: { dtype: 'float32', shape: [], role: 'loss' }, doc: 'the weighted mean loss' }],
  torch: crossEntropyTorch,
  emit: {
    uses: ['graph-nodes/loss/cross-entropy.run.ts'],
    code: (e) => `crossEntropy(${e.config})`,
    metrics: (e) => `accuracyAccumulator(${JSON.stringify(e.inputType('branch')?.labels ?? [])}, ${e.vocabulary('targets')}.special)`,
  },
  build: ({ params: p, inputs }) => ({
    apply: crossEntropy(p),
    metrics: () => accuracyAccumulator(inputs.branch?.type.labels ?? [], inputs.targets?.vocabulary?.special),
  }),
});
