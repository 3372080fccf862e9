import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../engine/backend/node-backend.js';
import { createVariable } from '../../engine/runtime/variables.js';
import { evalStep } from '../../engine/runtime/step.js';
import { infoNce, pairAccuracy } from './info-nce.run.js';

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

  it('learns its scale, from 1 / temperature, capped at maxScale', async () => {
    const made = createVariable(1, 'loss/logScale', [], { kind: 'constant', value: Math.log(1 / 0.07) });
    const run = infoNce({ temperature: 0.07, learnTemperature: true, maxScale: 100 }, () => made.variable);
    const a = tf.tensor2d([[1, 0], [0, 1]]);
    const out = run({ a, b: a }, evalStep(0));
    expect((await out.scale!.data())[0]).toBeCloseTo(1 / 0.07, 3);
    // identical unit pairs at scale s: each row is -log(e^s / (e^s + 1)) = log(1 + e^-s)
    expect((await out.loss!.data())[0]).toBeCloseTo(Math.log(1 + Math.exp(-1 / 0.07)), 6);
    made.variable.assign(tf.scalar(Math.log(500)));
    expect((await run({ a, b: a }, evalStep(0)).scale!.data())[0]).toBeCloseTo(100, 3);
    const { grads } = tf.variableGrads(() => run({ a: tf.tensor2d([[1, 0], [0.6, 0.8]]), b: a }, evalStep(0)).loss as tf.Scalar, [made.variable]);
    expect(grads[made.variable.name]).toBeDefined();
    made.variable.dispose();
  });

  it('reports how often each item picks its own partner', () => {
    const acc = pairAccuracy();
    // a2 . b1 = 0.9 beats a2 . b2 = 0.54 + 0.349: a2 picks b1 (wrong), a1 picks b1 (right);
    // b1 picks a1 (1 > 0.9), b2 picks a2 (0.889 > 0.6): both right -> 3 of 4
    acc.update({ a: tf.tensor2d([[1, 0], [0.9, 0.436]]), b: tf.tensor2d([[1, 0], [0.6, 0.8]]) }, {});
    expect(acc.result().pairAccuracy).toBeCloseTo(3 / 4, 6);
  });
});
