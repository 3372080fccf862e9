import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { encoderWindow, spanInfillNode, splitTargets, type SpanInfillParams } from './span-infill.js';
import { CharVocabulary } from '../../engine/data/tokenizers/char-vocabulary.js';
import { makeRng } from '../../engine/core/rng.js';
import type { EvalNode, ForwardModel } from '../../engine/registry/define-node.js';
import { ruleModel } from '../../test/support/rule-models.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const vocab = CharVocabulary.train('abcdefghijklmnopqrstuvwxyz .', { specialTokens: ['pad'], sentinels: 4 });
const node = spanInfillNode as EvalNode<SpanInfillParams>;
const S = vocab.special.sentinels;

/**
 * An encoder-decoder whose decoder writes a fixed target sequence (teacher-forced position t
 * predicts answer[t]), recording what the encoder and decoder were given.
 */
function encoderDecoder(answer: number[], keys = ['spans.inputs', 'spans.decoderInputs'], decoderLength = 12): ForwardModel & { seen: { enc: number[]; dec: number[] }[] } {
  const seen: { enc: number[]; dec: number[] }[] = [];
  return {
    vocabulary: vocab,
    contextLength: 32,
    inputs: [
      { key: keys[0]!, contextLength: 32 },
      { key: keys[1]!, contextLength: decoderLength },
    ],
    seen,
    run() {
      throw new Error('an encoder-decoder runs only through runWith');
    },
    runWith(feeds) {
      const enc = (feeds[keys[0]!]!.arraySync() as number[][])[0]!;
      const dec = (feeds[keys[1]!]!.arraySync() as number[][])[0]!;
      seen.push({ enc, dec });
      const V = vocab.size;
      const logits = new Float32Array(dec.length * V).fill(-10);
      dec.forEach((_, t) => (logits[t * V + (answer[t] ?? vocab.special.pad!)] = 10));
      return tf.tensor3d(logits, [1, dec.length, V]);
    },
  };
}

const evaluate = (model: ForwardModel, text: string) => node.evaluate({ nodeId: 'infill', inputs: {}, params: node.params.parse({ text }), model: () => model, rng: makeRng(0) });

describe('span infill', () => {
  it('splits targets into spans by sentinel', () => {
    const ids = [S[0]!, ...vocab.encode('ab'), S[1]!, S[2]!];
    expect([...splitTargets(ids, S).entries()]).toEqual([[0, vocab.encode('ab')], [1, []], [2, []]]);
  });

  it('decodes greedily from [PAD], stops at the closing sentinel and puts each span in place', async () => {
    const answer = [S[0]!, ...vocab.encode('ish'), S[1]!, ...vocab.encode('ago'), S[2]!, ...vocab.encode('zzzz')];
    const model = encoderDecoder(answer);
    const out = await evaluate(model, 'call me <extra_id_0>. some years <extra_id_1> mind');
    if (out.kind !== 'table') throw new Error('span infill gives a table');
    expect(out.columns).toEqual(['sentinel', 'span']);
    expect(out.rows).toEqual([
      ['<extra_id_0>', '"ish"'],
      ['<extra_id_1>', '"ago"'],
      ['filled', 'call me ish. some years ago mind'],
      ['targets', '<extra_id_0>ish<extra_id_1>ago<extra_id_2>'],
    ]);
    // one decoder step per target token up to <extra_id_2>, each fed the whole encoded text
    expect(model.seen.length).toBe(9);
    expect(model.seen[0]!.dec).toEqual([vocab.special.pad]);
    expect(model.seen[3]!.dec).toEqual([vocab.special.pad!, ...answer.slice(0, 3)]);
    expect(vocab.decode(model.seen[0]!.enc)).toBe('call me <extra_id_0>. some years <extra_id_1> mind');
  });

  it('stops when the decoder context is full, and marks spans it never wrote', async () => {
    const model = encoderDecoder([S[0]!, ...vocab.encode('abcdefgh')], undefined, 8);
    const out = await evaluate(model, 'x <extra_id_0> y <extra_id_1>');
    expect(model.seen.length).toBe(8);
    if (out.kind !== 'table') throw new Error('span infill gives a table');
    expect(out.rows[1]).toEqual(['<extra_id_1>', '(not written)']);
    expect(out.rows[2]).toEqual(['filled', 'x abcdefg y ']);
  });

  it('reads a text longer than the encoder in a window centred on its sentinels', async () => {
    const model = encoderDecoder([S[0]!, ...vocab.encode('x'), S[1]!]);
    const text = 'a'.repeat(30) + ' <extra_id_0> ' + 'b'.repeat(30);
    const out = await evaluate(model, text);
    expect(vocab.decode(model.seen[0]!.enc)).toBe('a'.repeat(14) + ' <extra_id_0> ' + 'b'.repeat(15));
    if (out.kind !== 'table') throw new Error('span infill gives a table');
    expect(out.rows[1]).toEqual(['filled', 'a'.repeat(30) + ' x ' + 'b'.repeat(30)]);
    expect(encoderWindow([9, 9, 9, S[0]!, 9, 9], S, 4)).toEqual([9, S[0]!, 9, 9]);
    expect(encoderWindow([S[0]!, 9, 9, 9, 9, 9], S, 4)).toEqual([S[0]!, 9, 9, 9]);
    expect(encoderWindow([9, 9, 9, 9, 9, S[0]!], S, 4)).toEqual([9, 9, 9, S[0]!]);
  });

  it('refuses a model that is not a span-corruption encoder-decoder, texts it cannot read, and too many sentinels', async () => {
    await expect(evaluate(ruleModel(vocab, 16, () => 0), 'a <extra_id_0>')).rejects.toThrow(/encoder-decoder trained on span corruption/);
    await expect(evaluate(encoderDecoder([], ['a.ids', 'b.ids']), 'a <extra_id_0>')).rejects.toThrow(/decoderInputs/);
    await expect(evaluate(encoderDecoder([]), 'A <extra_id_0>')).rejects.toThrow(/"A"/);
    await expect(evaluate(encoderDecoder([]), 'a <extra_id_3>')).rejects.toThrow(/at most <extra_id_2>/);
    await expect(evaluate(encoderDecoder([]), '<extra_id_0>' + 'a'.repeat(40) + '<extra_id_1>')).rejects.toThrow(/42 tokens apart, more than the 32/);
    expect(node.params.safeParse({ text: 'no sentinel' }).success).toBe(false);
  });
});
