import { z } from 'zod';
import * as tf from '@tensorflow/tfjs';
import { defineNode } from '../../engine/registry/define-node.js';
import { topProbabilities } from './sampling.js';
import { NodeRunError } from '../../engine/core/diagnostics.js';

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
  async evaluate({ nodeId, params: p, model }) {
    const m = model('logits');
    const maskId = m.vocabulary.special.mask;
    if (maskId === undefined) throw new NodeRunError(nodeId, 'the tokenizer has no [MASK] token: add "mask" to its special tokens', 'logits');
    const ids = m.vocabulary.encode(p.text);
    const positions = ids.flatMap((id, i) => (id === maskId ? [i] : []));
    if (positions.length === 0) throw new NodeRunError(nodeId, 'setting "text" has no [MASK] the tokenizer reads as its mask token');
    // Each mask is read in a window of the model's context length centred on it, so a text
    // longer than the context still has every mask filled from both sides. All windows run as one batch.
    const width = Math.min(ids.length, m.contextLength);
    const starts = positions.map((pos) => Math.max(0, Math.min(pos - Math.floor(width / 2), ids.length - width)));
    const windows = starts.flatMap((start) => ids.slice(start, start + width));
    const logits = tf.tidy(() => m.run(tf.tensor2d(windows, [positions.length, width], 'int32')));
    const V = logits.shape[2]!;
    const all = (await logits.data()) as Float32Array;
    logits.dispose();
    const filled = [...ids];
    const rows = positions.map((pos, n) => {
      const row = n * width + (pos - starts[n]!);
      const top = topProbabilities(all.subarray(row * V, (row + 1) * V), p.topK);
      filled[pos] = top[0]!.id;
      return [n + 1, ...top.map((c) => `${JSON.stringify(m.vocabulary.idToToken(c.id))} ${(c.p * 100).toFixed(1)}%`)];
    });
    const columns = ['mask', ...Array.from({ length: p.topK }, (_, i) => `#${i + 1}`)];
    rows.push(['filled', m.vocabulary.decode(filled)]);
    return { kind: 'table', title: 'Fill mask', columns, rows };
  },
});
