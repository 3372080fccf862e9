import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { CharVocabulary } from '../../engine/data/tokenizers/char-vocabulary.js';
import type { ForwardModel } from '../../engine/runtime/forward-model.js';
import type { ImageSet } from '../data/mnist.run.js';
import { allDigitCaptions, DIGIT_WORDS } from '../data/digit-captions.js';
import { zeroShotRetrieval } from './zero-shot-retrieval.run.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const vocab = CharVocabulary.train(allDigitCaptions(), { specialTokens: ['pad'], sentinels: 0 });
// 50 held-out "images" of 4 pixels; pixel 0 holds the digit / 10
const images: ImageSet = {
  width: 2,
  height: 2,
  classNames: DIGIT_WORDS,
  train: { count: 0, pixels: new Float32Array(0), labels: new Int32Array(0) },
  val: { count: 50, pixels: Float32Array.from({ length: 200 }, (_, i) => (i % 4 === 0 ? Math.floor(i / 4 / 5) / 10 : 0)), labels: Int32Array.from({ length: 50 }, (_, i) => Math.floor(i / 5)) },
};
const oneHot = (d: number) => Array.from({ length: 10 }, (_, k) => (k === d ? 1 : 0));

/** Towers that embed an image, or a caption, as its digit's unit vector: a perfect model. */
const imageTower: ForwardModel = { contextLength: 4, inputs: [{ key: 'pairs.images', contextLength: 4, role: 'image' }], run: (x) => tf.tensor2d((x.arraySync() as number[][]).map((r) => oneHot(Math.round(r[0]! * 10)))) };
const digitOf = (text: string) => {
  const word = DIGIT_WORDS.findIndex((w) => text.includes(w));
  return word >= 0 ? word : Number(/\d/.exec(text)![0]);
};
const textTower: ForwardModel = {
  vocabulary: vocab,
  contextLength: 32,
  inputs: [{ key: 'pairs.captions', contextLength: 32, role: 'token-ids' }],
  run: (ids) => tf.tensor2d((ids.arraySync() as number[][]).map((r) => oneHot(digitOf(vocab.decode(r.filter((id) => id !== vocab.special.pad)))))),
};

describe('eval/zero-shot-retrieval', () => {
  it('scores a perfect pair of towers 1 everywhere, spread over every digit', async () => {
    const out = await zeroShotRetrieval({ images: 0 }, imageTower, textTower, images);
    if (out.kind !== 'table') throw new Error('not a table');
    expect(out.title).toContain('50 held-out images');
    expect(out.rows.slice(0, 5).map((r) => r[1])).toEqual(['1.000', '1.000', '1.000', '1.000', '1.000']);
    expect(out.rows[5]![1]).toContain('9: 1.000');
  });

  it('scores a text tower that ignores the caption at chance', async () => {
    const blind: ForwardModel = { ...textTower, run: (ids) => tf.tensor2d((ids.arraySync() as number[][]).map(() => oneHot(3))) };
    const out = await zeroShotRetrieval({ images: 20 }, imageTower, blind, images);
    if (out.kind !== 'table') throw new Error('not a table');
    // every digit's prompts embed alike: argmax falls on the first class, right for digit 0 only
    expect(Number(out.rows[0]![1])).toBeCloseTo(0.1, 1);
  });
});
