import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { sampleTextNode } from './sample-text.js';
import { sampleText } from './sample-text.run.js';
import { CharVocabulary } from '../../engine/data/tokenizers/char-vocabulary.js';
import { makeRng } from '../../engine/core/rng.js';
import type { EvalNode } from '../../engine/registry/define-node.js';
import { ruleModel } from '../../test/support/rule-models.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const vocab = CharVocabulary.train('abcdefgh', { specialTokens: ['eos'], sentinels: 0 });
const node = sampleTextNode as EvalNode<ReturnType<typeof sampleTextNode.params.parse>>;
const next = (c: string) => String.fromCharCode(((c.charCodeAt(0) - 97 + 1) % 8) + 97);

function sample(params: object, rule: (ids: number[], t: number) => number, contextLength = 4) {
  const model = ruleModel(vocab, contextLength, rule);
  const run = node.evaluate({ nodeId: 'sample', inputs: {}, params: node.params.parse(params), model: () => model, rng: makeRng(1) });
  return { run, model };
}

describe('sample text', () => {
  // the model says: the letter after the last one, "h" wrapping to "a"
  const alphabet = (ids: number[], t: number) => vocab.encode(next(vocab.decode([ids[t]!])))[0]!;

  it('continues the prompt one token at a time, feeding back at most the context length', async () => {
    const { run, model } = sample({ prompt: 'abc', tokens: 7, temperature: 0.5 }, alphabet);
    const out = await run;
    expect(out).toEqual({ kind: 'text', title: 'Sampled text', text: 'abcdefghab' });
    expect(model.calls.length).toBe(7);
    // the fourth step feeds only the last 4 of "abcdef"
    expect(vocab.decode(model.calls[3]![0]!)).toBe('cdef');
  });

  it('drops the oldest quarter of the context when the text outgrows the model, not one token a step', async () => {
    const { run, model } = sample({ prompt: 'abc', tokens: 10, temperature: 0.5 }, alphabet, 8);
    expect(await run).toMatchObject({ text: 'abcdefghabcde' });
    expect(model.calls.map((c) => c[0]!.length)).toEqual([3, 4, 5, 6, 7, 8, 6, 7, 8, 6]);
    // after "abcdefgh" + "a" (9 > 8) it keeps the last 6
    expect(vocab.decode(model.calls[6]![0]!)).toBe('defgha');
  });

  it('stops between tokens when its signal aborts', async () => {
    const controller = new AbortController();
    const model = ruleModel(vocab, 4, (ids, t) => {
      if (model.calls.length === 3) controller.abort();
      return alphabet(ids, t);
    });
    const run = sampleText({ prompt: 'ab', tokens: 50, temperature: 1, topK: 0 }, model, makeRng(1), controller.signal);
    await expect(run).rejects.toThrow(/abort/i);
    expect(model.calls.length).toBe(3);
  });

  it('stops at the end-of-text token', async () => {
    const eos = vocab.special.eos!;
    const { run } = sample({ prompt: 'ab', tokens: 50 }, (ids, t) => (vocab.decode([ids[t]!]) === 'd' ? eos : alphabet(ids, t)));
    expect(await run).toMatchObject({ text: 'abcd' });
  });

  it('names prompt characters the vocabulary cannot spell instead of dropping them', async () => {
    const { run } = sample({ prompt: 'abz!' }, alphabet);
    await expect(run).rejects.toThrow(/setting "prompt" has characters the vocabulary lacks: "z", "!"/);
  });
});
