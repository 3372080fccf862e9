import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../engine/backend/node-backend.js';
import { createVariable, type NamedVariable } from '../../engine/runtime/variables.js';
import { AdamW } from '../../engine/train/adamw.js';
import { evalStep } from '../../engine/runtime/step.js';
import { infoNce, pairAccuracy } from './info-nce.run.js';
import { updateMetric } from '../../test/support/tensor-node-harness.js';

beforeAll(async () => {
  await initNodeBackend('cpu');
});

const noVariables = () => {
  throw new Error('a fixed temperature makes no variable');
};

describe('InfoNCE', () => {
  it('equals the symmetric cross-entropy worked out by hand on two pairs', async () => {
    // a1 = (1, 0), a2 = (0.6, 0.8); b1 = (1, 0), b2 = (0, 1); scale 1 / 0.5 = 2
    // S = 2 * a.b^T = [[2, 0], [1.2, 1.6]]
    // rows (a -> b): -log softmax([2, 0])[0] = log(1 + e^-2); -log softmax([1.2, 1.6])[1] = log(1 + e^-0.4)
    // columns (b -> a): column 1 = [2, 1.2] -> log(1 + e^-0.8); column 2 = [0, 1.6] -> log(1 + e^-1.6)
    const rows = (Math.log(1 + Math.exp(-2)) + Math.log(1 + Math.exp(-0.4))) / 2;
    const cols = (Math.log(1 + Math.exp(-0.8)) + Math.log(1 + Math.exp(-1.6))) / 2;
    const expected = (rows + cols) / 2;
    const run = infoNce({ temperature: 0.5, learnTemperature: false, maxScale: 100 }, noVariables);
    const out = run({ a: tf.tensor2d([[1, 0], [0.6, 0.8]]), b: tf.tensor2d([[1, 0], [0, 1]]) }, evalStep(0));
    expect((await out.loss!.data())[0]).toBeCloseTo(expected, 6);
  });

  it('learns its scale from 1 / temperature, with a gradient however large it is', async () => {
    const made = createVariable(1, 'loss/logScale', [], { kind: 'constant', value: Math.log(1 / 0.07) });
    const run = infoNce({ temperature: 0.07, learnTemperature: true, maxScale: 100 }, () => made.variable);
    const a = tf.tensor2d([[1, 0], [0, 1]]);
    const out = run({ a, b: a }, evalStep(0));
    expect((await out.scale!.data())[0]).toBeCloseTo(1 / 0.07, 3);
    // identical unit pairs at scale s: each row is -log(e^s / (e^s + 1)) = log(1 + e^-s)
    expect((await out.loss!.data())[0]).toBeCloseTo(Math.log(1 + Math.exp(-1 / 0.07)), 6);
    const { grads } = tf.variableGrads(() => run({ a: tf.tensor2d([[1, 0], [0.6, 0.8]]), b: a }, evalStep(0)).loss as tf.Scalar, [made.variable]);
    expect(Math.abs(grads[made.variable.name]!.dataSync()[0]!)).toBeGreaterThan(0);
    made.variable.dispose();
  });

  it('is kept at most maxScale by the optimizer, and comes back below it when the data asks', () => {
    // the variable the loss makes, as the compiler makes it: with the limits the loss asks for
    let made: NamedVariable | undefined;
    const run = infoNce({ temperature: 0.07, learnTemperature: true, maxScale: 100 }, (name, shape, init, limits) => {
      made = createVariable(1, `loss/${name}`, shape, init, `clamp-test/${name}`, limits);
      return made.variable;
    });
    const adam = new AdamW([made!], { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, gradClip: 0 });
    const scale = () => Math.exp(made!.variable.dataSync()[0]!);
    const step = (a: number[][], b: number[][]) => {
      const { grads } = tf.variableGrads(() => run({ a: tf.tensor2d(a), b: tf.tensor2d(b) }, evalStep(0)).loss as tf.Scalar, [made!.variable]);
      adam.apply(grads, 0.5);
    };
    // matching pairs, slightly apart: a sharper scale always helps, so it climbs to the cap and stays there
    for (let i = 0; i < 20; i++) step([[1, 0], [0, 1]], [[0.9, 0.436], [0.436, 0.9]]);
    expect(scale()).toBeCloseTo(100, 3);
    // crossed pairs: now a softer scale helps, and it must be able to leave the cap
    for (let i = 0; i < 5; i++) step([[1, 0], [0, 1]], [[0, 1], [1, 0]]);
    expect(scale()).toBeLessThan(50);
    adam.dispose();
    made!.variable.dispose();
  });

  it('with labels, counts every item of the same label as a positive (a batch of duplicates can reach 0)', async () => {
    // a = b = (e1, e1, e2, e2) at scale s = 4: row 0's logits are (s, s, 0, 0) and its positives
    // the first two; -log((e^s + e^s) / (2 e^s + 2)) = log(1 + e^-s). Without labels item 1 is a
    // negative of item 0: -log(e^s / (2 e^s + 2)) = log(2 + 2 e^-s), never below log 2.
    const e = [[1, 0], [1, 0], [0, 1], [0, 1]];
    const run = infoNce({ temperature: 0.25, learnTemperature: false, maxScale: 100 }, noVariables);
    const withLabels = run({ a: tf.tensor2d(e), b: tf.tensor2d(e), labels: tf.tensor1d([7, 7, 3, 3], 'int32') }, evalStep(0));
    expect((await withLabels.loss!.data())[0]).toBeCloseTo(Math.log(1 + Math.exp(-4)), 6);
    const without = run({ a: tf.tensor2d(e), b: tf.tensor2d(e) }, evalStep(0));
    expect((await without.loss!.data())[0]).toBeCloseTo(Math.log(2 + 2 * Math.exp(-4)), 6);
    // and pair accuracy counts a same-label pick as right
    const acc = pairAccuracy();
    await updateMetric(acc, { a: tf.tensor2d(e), b: tf.tensor2d(e), labels: tf.tensor1d([7, 7, 3, 3], 'int32') }, {});
    expect(acc.result().pairAccuracy).toBe(1);
  });

  it('reports how often each item picks its own partner', async () => {
    const acc = pairAccuracy();
    // a2 . b1 = 0.9 beats a2 . b2 = 0.54 + 0.349: a2 picks b1 (wrong), a1 picks b1 (right);
    // b1 picks a1 (1 > 0.9), b2 picks a2 (0.889 > 0.6): both right -> 3 of 4
    await updateMetric(acc, { a: tf.tensor2d([[1, 0], [0.9, 0.436]]), b: tf.tensor2d([[1, 0], [0.6, 0.8]]) }, {});
    expect(acc.result().pairAccuracy).toBeCloseTo(3 / 4, 6);
  });
});
