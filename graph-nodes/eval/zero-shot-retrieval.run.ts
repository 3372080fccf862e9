import * as tf from '@tensorflow/tfjs';
import { vocabularyOf, type EvalOutput, type ForwardModel } from '../../engine/runtime/forward-model.js';
import type { ImageSet } from '../data/mnist.run.js';
import { DIGIT_CAPTION_TEMPLATES, digitCaption } from '../data/digit-captions.js';
import { captionIds } from '../batching/image-captions.run.js';

const CHUNK = 250;

/** Rows of `input` through `model`, `CHUNK` at a time: [n, E] on the host. */
async function embedRows(model: ForwardModel, input: Float32Array | Int32Array, rows: number, width: number, dtype: 'float32' | 'int32'): Promise<Float32Array> {
  const parts: Float32Array[] = [];
  for (let start = 0; start < rows; start += CHUNK) {
    const n = Math.min(CHUNK, rows - start);
    const out = tf.tidy(() => model.run(tf.tensor2d(input.subarray(start * width, (start + n) * width), [n, width], dtype)));
    parts.push((await out.data()) as Float32Array);
    out.dispose();
  }
  const all = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

/** Share of rows of `sims` [rows, cols] whose k best columns hold one with the row's label. */
async function recallAt(sims: tf.Tensor2D, rowLabels: Int32Array, colLabels: Int32Array, k: number): Promise<number> {
  const indices = tf.tidy(() => tf.topk(sims, k).indices);
  const top = await indices.data();
  indices.dispose();
  let hits = 0;
  for (let r = 0; r < rowLabels.length; r++) {
    for (let j = 0; j < k; j++) {
      if (colLabels[top[r * k + j]!] === rowLabels[r]) {
        hits++;
        break;
      }
    }
  }
  return hits / rowLabels.length;
}

/**
 * A contrastive model's image and text towers on held-out images: zero-shot classification (each
 * image gets the digit whose captions, averaged over every template, it is most similar to), and
 * retrieval between the images and the distinct captions (every template of every digit) both
 * ways, a hit being an item of the same digit.
 */
export async function zeroShotRetrieval(p: { images: number }, imageModel: ForwardModel, textModel: ForwardModel, images: ImageSet): Promise<EvalOutput> {
  const vocab = vocabularyOf(textModel);
  if (vocab.special.pad === undefined) throw new Error('the captions\' tokenizer has no [PAD] token: add "pad" to its special tokens');
  const val = images.val;
  const P = images.width * images.height;
  const n = p.images > 0 ? Math.min(p.images, val.count) : val.count;
  // evenly spaced over the held-out images, which come digit by digit, so every digit is in
  const picks = Array.from({ length: n }, (_, i) => Math.floor((i * val.count) / n));
  const pixels = new Float32Array(n * P);
  const labels = new Int32Array(n);
  picks.forEach((k, i) => {
    pixels.set(val.pixels.subarray(k * P, (k + 1) * P), i * P);
    labels[i] = val.labels[k]!;
  });
  const C = textModel.contextLength;
  const classes = images.classNames.length;
  const T = DIGIT_CAPTION_TEMPLATES.length;
  const promptIds = new Int32Array(classes * T * C);
  const promptLabels = new Int32Array(classes * T);
  for (let c = 0; c < classes; c++) {
    for (let t = 0; t < T; t++) {
      promptIds.set(captionIds(vocab, digitCaption(c, t), C), (c * T + t) * C);
      promptLabels[c * T + t] = c;
    }
  }

  const imageEmb = await embedRows(imageModel, pixels, n, P, 'float32');
  const promptEmb = await embedRows(textModel, promptIds, classes * T, C, 'int32');
  const E = imageEmb.length / n;

  const { predictedT, sims, simsT } = tf.tidy(() => {
    const img = tf.tensor2d(imageEmb, [n, E]);
    // CLIP's prompt ensembling: each digit's mean caption embedding, scaled back to length 1
    const mean = tf.mean(tf.reshape(tf.tensor2d(promptEmb, [classes * T, E]), [classes, T, E]), 1);
    const cls = tf.div(mean, tf.sqrt(tf.add(tf.sum(tf.square(mean), 1, true), 1e-12)));
    // retrieval between the images and every distinct caption (each digit in every template)
    const sims = tf.matMul(img, tf.tensor2d(promptEmb, [classes * T, E]), false, true) as tf.Tensor2D;
    return { predictedT: tf.argMax(tf.matMul(img, cls, false, true), 1), sims, simsT: tf.transpose(sims) as tf.Tensor2D };
  });
  let result;
  try {
    result = {
      predicted: await predictedT.data(),
      i2c: [await recallAt(sims, labels, promptLabels, 1), await recallAt(sims, labels, promptLabels, Math.min(5, classes * T))],
      c2i: [await recallAt(simsT, promptLabels, labels, 1), await recallAt(simsT, promptLabels, labels, Math.min(5, n))],
    };
  } finally {
    tf.dispose([predictedT, sims, simsT]);
  }
  const perClass = Array.from({ length: classes }, () => ({ right: 0, all: 0 }));
  labels.forEach((l, i) => {
    perClass[l]!.all++;
    if (result.predicted[i] === l) perClass[l]!.right++;
  });
  const accuracy = perClass.reduce((s, c) => s + c.right, 0) / n;
  const f = (x: number) => x.toFixed(3);
  return {
    kind: 'table',
    title: `Zero-shot and retrieval on ${n} held-out images`,
    columns: ['measure', 'value'],
    rows: [
      ['zero-shot accuracy', f(accuracy)],
      ['image -> caption recall@1', f(result.i2c[0]!)],
      ['image -> caption recall@5', f(result.i2c[1]!)],
      ['caption -> image recall@1', f(result.c2i[0]!)],
      ['caption -> image recall@5', f(result.c2i[1]!)],
      ['zero-shot accuracy per digit', perClass.map((c, d) => `${d}: ${c.all ? f(c.right / c.all) : '-'}`).join(', ')],
    ],
  };
}
