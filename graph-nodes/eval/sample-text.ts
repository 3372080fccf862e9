import { z } from 'zod';
import * as tf from '@tensorflow/tfjs';
import { defineNode } from '../../engine/registry/define-node.js';
import { sampleFromLogits, unspellable } from './sampling.js';
import { NodeRunError } from '../../engine/core/diagnostics.js';

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
most likely when set), append it and repeat. Only the last \`contextLength\` tokens are fed
back. This is what next-token pretraining makes a model good at; a masked LM's logits fed here
produce noise, because it never learnt to predict from the left context alone.`,
  params,
  inputs: [{ name: 'logits', type: { dtype: 'float32', shape: ['B', 'T', 'V'], role: 'logits' }, doc: 'next-token logits of a causal model' }],
  outputs: [],
  async evaluate({ nodeId, params: p, model, rng }) {
    const m = model('logits');
    const missing = unspellable(m.vocabulary, p.prompt);
    if (missing.length) {
      throw new NodeRunError(nodeId, `setting "prompt" has characters the vocabulary lacks: ${missing.map((c) => JSON.stringify(c)).join(', ')} (the tokenizer learnt its characters from the corpus)`);
    }
    const ids = m.vocabulary.encode(p.prompt);
    const generated: number[] = [];
    for (let i = 0; i < p.tokens; i++) {
      const context = [...ids, ...generated].slice(-m.contextLength);
      if (context.length === 0) context.push(m.vocabulary.special.bos ?? 0);
      const row = tf.tidy(() => {
        const logits = m.run(tf.tensor2d(context, [1, context.length], 'int32'));
        const V = logits.shape[2]!;
        return logits.slice([0, context.length - 1, 0], [1, 1, V]).reshape([V]);
      });
      const last = (await row.data()) as Float32Array;
      row.dispose();
      const next = sampleFromLogits(last, p.temperature, p.topK, rng);
      if (next === m.vocabulary.special.eos) break;
      generated.push(next);
    }
    return { kind: 'text', title: 'Sampled text', text: p.prompt + m.vocabulary.decode(generated) };
  },
});
