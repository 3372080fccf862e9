import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { fillMaskNode } from './fill-mask.js';
import { CharVocabulary } from '../../engine/data/tokenizers/char-vocabulary.js';
import { makeRng } from '../../engine/core/rng.js';
import { parseParams } from '../../engine/analysis/params.js';
import type { EvalNode } from '../../engine/registry/define-node.js';
import { ruleModel } from '../../test/support/rule-models.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const vocab = CharVocabulary.train('abcdefghijklmnopqrstuvwxyz ', { specialTokens: ['pad', 'mask'], sentinels: 0 });
const node = fillMaskNode as EvalNode<{ text: string; topK: number }>;
const letter = (ids: number[], t: number) => vocab.decode([ids[t]!]);
// the model says: a masked letter is the one after its left neighbour ("c" after "b")
const afterLeft = (ids: number[], t: number) => {
  const left = t > 0 ? letter(ids, t - 1) : 'a';
  return vocab.encode(left === ' ' || left === '[MASK]' ? 'x' : String.fromCharCode(left.charCodeAt(0) + 1))[0]!;
};

async function fill(text: string, contextLength: number, topK = 3) {
  const model = ruleModel(vocab, contextLength, afterLeft);
  const out = await node.evaluate({ nodeId: 'fill', inputs: {}, params: { text, topK }, model: () => model, rng: makeRng(0) });
  if (out.kind !== 'table') throw new Error('fill-mask gives a table');
  return { out, model };
}

describe('fill mask', () => {
  it('ranks candidates for each mask and fills the text with the best', async () => {
    const { out } = await fill('ab[MASK]d mn[MASK]', 16);
    expect(out.columns).toEqual(['mask', '#1', '#2', '#3']);
    expect(out.rows[0]![0]).toBe(1);
    expect(String(out.rows[0]![1])).toMatch(/^"c" 100\.0%$/);
    expect(out.rows.at(-1)).toEqual(['filled', 'abcd mno']);
  });

  it('reads masks far beyond the context length in a window around each, all in one batch', async () => {
    const text = 'the quick brown fox jumps over the lazy dog and keeps on running until the end of the li[MASK]e';
    const { out, model } = await fill(`h[MASK]llo ${text}`, 12);
    expect(model.calls.length).toBe(1);
    expect(model.calls[0]!.length).toBe(2);
    for (const row of model.calls[0]!) expect(row.length).toBe(12);
    expect(out.rows.at(-1)).toEqual(['filled', `hillo ${text.replace('[MASK]', 'j')}`]);
  });

  it('names characters of the text the vocabulary cannot spell instead of dropping them', async () => {
    await expect(fill('ab[MASK]d жx!', 16)).rejects.toThrow(/setting "text" has characters the vocabulary lacks: "ж", "!"/);
  });

  it('refuses a text without [MASK] as a bad setting', async () => {
    expect(parseParams(fillMaskNode, { text: 'no masks' }).issues).toEqual([
      { param: 'text', message: 'has no [MASK] in it: write [MASK] where a token is missing (got "no masks")' },
    ]);
  });
});
