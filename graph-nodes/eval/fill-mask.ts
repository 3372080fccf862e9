import { z } from 'zod';
import * as tf from '@tensorflow/tfjs';
import { defineNode } from '../../engine/registry/define-node.js';
import { topProbabilities } from './sampling.js';

const params = z.strictObject({
  text: z.string().default('Call me Ishm[MASK]el. Some years ago, never mind how long precisely'),
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
    if (maskId === undefined) throw new Error(`node ${nodeId}: the tokenizer has no [MASK] token`);
    const ids = m.vocabulary.encode(p.text).slice(0, m.contextLength);
    const positions = ids.flatMap((id, i) => (id === maskId ? [i] : []));
    if (positions.length === 0) {
      return { kind: 'table', title: 'Fill mask', columns: ['note'], rows: [['the text has no [MASK] in its first ' + m.contextLength + ' tokens']] };
    }
    const logits = tf.tidy(() => m.run(tf.tensor2d(ids, [1, ids.length], 'int32')));
    const V = logits.shape[2]!;
    const all = (await logits.data()) as Float32Array;
    logits.dispose();
    const filled = [...ids];
    const rows = positions.map((pos, n) => {
      const top = topProbabilities(all.subarray(pos * V, (pos + 1) * V), p.topK);
      filled[pos] = top[0]!.id;
      return [n + 1, ...top.map((c) => `${JSON.stringify(m.vocabulary.idToToken(c.id))} ${(c.p * 100).toFixed(1)}%`)];
    });
    const columns = ['mask', ...Array.from({ length: p.topK }, (_, i) => `#${i + 1}`)];
    rows.push(['filled', m.vocabulary.decode(filled)]);
    return { kind: 'table', title: 'Fill mask', columns, rows };
  },
});
