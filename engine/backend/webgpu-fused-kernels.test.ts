import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { AdamW } from '../train/adamw.js';
import { createVariable, type NamedVariable } from '../runtime/variables.js';
import { backendFailure } from './backend-failure.js';
import { FUSED_KERNELS, hasFusedKernel } from './fused-kernels.js';
import { registerWebgpuFusedKernels, unregisterWebgpuFusedKernels } from './webgpu-fused-kernels.js';
import { startDawnForTests } from '../../test/support/dawn-for-tests.js';

/**
 * The fused AdamW kernels on tfjs's webgpu backend (Dawn; here SwiftShader) against the same
 * update made of tfjs ops, on the same backend and from the same weights and gradients.
 */
const dawn = await startDawnForTests();

/** Weights of several shapes: a matrix and a 3-d tensor that decay, a clamped vector, one of 1,000 elements (more than a workgroup's threads). */
function weights(tag: string): NamedVariable[] {
  const shapes = [[3, 5], [7], [1000], [2, 3, 4]];
  const vars = shapes.map((shape, i) => createVariable(7, `w${i}`, shape, { kind: 'normal', std: 0.5 }, `fused-test:${tag}:w${i}`));
  vars[1] = { ...vars[1]!, limits: { min: -0.1, max: 0.2 } };
  return vars;
}

/** Four updates with gradients that vary by step; the weights and gradient norms after. */
async function train(vars: NamedVariable[], gradClip: number) {
  const opt = new AdamW(vars, { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, gradClip });
  const norms: number[] = [];
  for (let t = 0; t < 4; t++) {
    const grads = Object.fromEntries(vars.map((v, i) => [v.variable.name, tf.tidy(() => tf.sin(tf.mul(v.variable, 3 + i + t)))]));
    const norm = opt.apply(grads, 0.01);
    expect(norm.rank).toBe(0);
    norms.push((await norm.data())[0]!);
    tf.dispose([norm, ...Object.values(grads)]);
  }
  const profile = await tf.profile(() => opt.apply(Object.fromEntries(vars.map((v) => [v.variable.name, tf.onesLike(v.variable)])), 0.01));
  const values = await Promise.all(vars.map(async (v) => Array.from(await v.variable.data())));
  opt.dispose();
  for (const v of vars) v.variable.dispose();
  return { norms, values, kernels: profile.kernels.length };
}

const worstRelative = (a: number[][], b: number[][]) => Math.max(...a.flatMap((row, i) => row.map((x, j) => Math.abs(x - b[i]![j]!) / Math.max(1e-3, Math.abs(x)))));

describe.skipIf(dawn !== null)('fused AdamW kernels on webgpu', () => {
  it('update the weights as the tfjs ops do: decay, clipping by the global norm, limits', async () => {
    expect(hasFusedKernel(FUSED_KERNELS.adamWParam)).toBe(true);
    for (const gradClip of [1, 0]) {
      const fused = await train(weights(`fused-${gradClip}`), gradClip);
      unregisterWebgpuFusedKernels();
      const ops = await train(weights(`ops-${gradClip}`), gradClip);
      registerWebgpuFusedKernels();
      expect(backendFailure()).toBeNull();
      // the clamped vector stays within its limits
      expect(Math.max(...fused.values[1]!)).toBeLessThanOrEqual(0.2);
      expect(Math.min(...fused.values[1]!)).toBeGreaterThanOrEqual(-0.1);
      expect(worstRelative(fused.values, ops.values)).toBeLessThan(1e-5);
      fused.norms.forEach((n, i) => expect(n).toBeCloseTo(ops.norms[i]!, 3));
      // per weight: the test's onesLike, its sum of squares, two moments and the update (tfjs ops
      // take ~19); then the norm and the clipping scale
      expect(fused.kernels).toBeLessThanOrEqual(4 * 5 + 5);
      expect(ops.kernels).toBeGreaterThan(3 * fused.kernels);
    }
  });
});
