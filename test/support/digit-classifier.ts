import * as tf from '@tensorflow/tfjs';
import { makeRng } from '../../engine/core/rng.js';
import type { ImageSet } from '../../graph-nodes/data/mnist.run.js';

/**
 * A small convolutional digit classifier, trained here on MNIST's training split, to judge
 * generated digits by (issue #4: "a digit classifier trained by the test suite"). Seeded, so a
 * run repeats on one backend.
 */
export interface DigitClassifier {
  /** accuracy on the held-out split */
  heldOutAccuracy: number;
  /** class probabilities [count, 10] of images given as pixels 0..1, row by row */
  probabilities(pixels: ArrayLike<number>, count: number): Float32Array;
  dispose(): void;
}

/** The training images and copies shifted by a pixel or two in each direction (the classifier's augmentation). */
function shifted(images: ImageSet, shifts: readonly [number, number][]): { pixels: Float32Array; labels: Float32Array } {
  const { width: W, height: H } = images;
  const P = W * H;
  const n = images.train.count;
  const pixels = new Float32Array(n * P * shifts.length);
  const labels = new Float32Array(n * shifts.length);
  shifts.forEach(([dx, dy], s) => {
    for (let i = 0; i < n; i++) {
      const dst = (s * n + i) * P;
      labels[s * n + i] = images.train.labels[i]!;
      for (let y = 0; y < H; y++) {
        const sy = y - dy;
        if (sy < 0 || sy >= H) continue;
        for (let x = 0; x < W; x++) {
          const sx = x - dx;
          if (sx >= 0 && sx < W) pixels[dst + y * W + x] = images.train.pixels[i * P + sy * W + sx]!;
        }
      }
    }
  });
  return { pixels, labels };
}

/** The examples in a seeded random order. */
function shuffled(d: { pixels: Float32Array; labels: Float32Array }, P: number): { pixels: Float32Array; labels: Float32Array } {
  const rng = makeRng('digit-classifier');
  const order = Array.from({ length: d.labels.length }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const pixels = new Float32Array(d.pixels.length);
  const labels = new Float32Array(d.labels.length);
  order.forEach((from, to) => {
    pixels.set(d.pixels.subarray(from * P, (from + 1) * P), to * P);
    labels[to] = d.labels[from]!;
  });
  return { pixels, labels };
}

/**
 * A perceptron (784 -> 512 -> 256 -> 10, dropout) on the training digits and copies of them
 * shifted by up to 2 pixels: tfjs's wasm backend cannot train convolutions (it lacks their
 * filter gradient), and shifting is what a convolution would have bought.
 */
export async function trainDigitClassifier(images: ImageSet, epochs = 5): Promise<DigitClassifier> {
  const P = images.width * images.height;
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [P], units: 512, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: 1 }) }),
      tf.layers.dropout({ rate: 0.2, seed: 5 }),
      tf.layers.dense({ units: 256, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: 2 }) }),
      tf.layers.dropout({ rate: 0.2, seed: 6 }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy' });
  const data = shuffled(shifted(images, [[0, 0], [1, 0], [-1, 0], [0, 1], [0, -1], [2, 0], [-2, 0], [0, 2], [0, -2]]), P);
  const x = tf.tensor2d(data.pixels, [data.labels.length, P]);
  const y = tf.tensor1d(data.labels);
  // shuffled once with a seed (fit's own shuffle uses Math.random): the same classifier every run
  await model.fit(x, y, { epochs, batchSize: 128, shuffle: false, verbose: 0 });
  tf.dispose([x, y]);
  const probabilities = (pixels: ArrayLike<number>, count: number) => tf.tidy(() => (model.predict(tf.tensor2d(Float32Array.from(pixels), [count, P])) as tf.Tensor).dataSync() as Float32Array);
  const p = probabilities(images.val.pixels, images.val.count);
  let right = 0;
  for (let i = 0; i < images.val.count; i++) {
    const row = p.subarray(i * 10, i * 10 + 10);
    if (row.indexOf(Math.max(...row)) === images.val.labels[i]) right++;
  }
  return { heldOutAccuracy: right / images.val.count, probabilities, dispose: () => model.dispose() };
}

/** Issue #4's bar for generated digits: how many are confidently some digit, and how many digits appear. */
export function judgeDigits(classifier: DigitClassifier, pixels: ArrayLike<number>, count: number): { confident: number; digits: number[]; top: number[] } {
  const p = classifier.probabilities(pixels, count);
  const top: number[] = [];
  let confident = 0;
  const seen = new Set<number>();
  for (let i = 0; i < count; i++) {
    const row = p.subarray(i * 10, i * 10 + 10);
    const best = Math.max(...row);
    const digit = row.indexOf(best);
    top.push(digit);
    if (best >= 0.9) {
      confident++;
      seen.add(digit);
    }
  }
  return { confident, digits: [...seen].sort(), top };
}
