import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compileGraph } from '../compile/compile.js';
import { createNodeDataSource } from '../data/node-data-source.js';
import { AdamW } from '../train/adamw.js';
import { train, TrainingError } from '../train/trainer.js';
import { createVariable } from '../runtime/variables.js';
import { createRegistry } from '../../graph-nodes/index.js';
import { startNodeWebgpu } from './node-webgpu.js';
import { startDawnForTests } from '../../test/support/dawn-for-tests.js';
import { tinyGraph } from '../../test/support/tiny-graphs.js';
import { backendFailure, clearBackendFailure } from './backend-failure.js';

/**
 * tfjs's webgpu backend as the engine starts it, on Dawn (here SwiftShader, a CPU emulation:
 * right answers, no speed to judge). Each case is a way the backend trained on zeros before.
 */
const dawn = await startDawnForTests();

const values = async (t: tf.Tensor) => Array.from(await t.data());

describe.skipIf(dawn !== null)('the webgpu backend, through Dawn', () => {
  it('casts int32 and bool to float32 for real: transposes of a cast one-hot and a cast comparison are right', async () => {
    const ids = tf.tensor1d([0, 2, 1], 'int32');
    const hot = tf.cast(tf.oneHot(ids, 4), 'float32');
    expect(await values(tf.transpose(hot))).toEqual([1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0]);
    // the tiled layout transpose2d uses: [a, b, c] -> [a, c, b]
    expect(await values(tf.transpose(tf.reshape(hot, [3, 2, 2]), [0, 2, 1]))).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]);
    const same = tf.cast(tf.equal(tf.tensor1d([3, 3, 7], 'int32').reshape([3, 1]), tf.tensor1d([3, 3, 7], 'int32').reshape([1, 3])), 'float32');
    expect(await values(tf.transpose(same))).toEqual([1, 1, 0, 1, 1, 0, 0, 0, 1]);
    expect(backendFailure()).toBeNull();
  });

  it("AdamW's gradient norm over more variables than a shader may read (40)", async () => {
    const vars = Array.from({ length: 40 }, (_, i) => createVariable(1, `v${i}`, [2], { kind: 'constant', value: 0 }, `webgpu-test:v${i}`));
    const opt = new AdamW(vars, { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, gradClip: 0 });
    const grads = Object.fromEntries(vars.map((v, i) => [v.variable.name, tf.tensor1d([i, 1])]));
    const norm = opt.apply(grads, 0.1);
    // sum over i of (i^2 + 1) = 20540 + 40
    expect((await norm.data())[0]).toBeCloseTo(Math.sqrt(20580), 3);
    expect(backendFailure()).toBeNull();
    opt.dispose();
    for (const v of vars) v.variable.dispose();
  });

  it("a second start in a process gets the engine's device again, not one tfjs's own factory made meanwhile", () => {
    // in a process of its own: the package must first load with navigator.gpu present, as in the app's worker
    const r = spawnSync(process.execPath, ['bin/run-ts.mjs', 'test/fixtures/webgpu-restart.ts'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const { adapter, first, second } = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number>;
    // the engine asks for the adapter's maximum (tfjs's factory leaves the default, 8)
    expect(first).toBe(adapter);
    expect(second).toBe(adapter);
  });

  it('work the GPU rejects is the backend failing, not a result', async () => {
    // one AddN shader reading 40 buffers: over any adapter's limit
    const sum = tf.addN(Array.from({ length: 40 }, () => tf.ones([4])));
    await sum.data();
    expect(backendFailure()?.message).toMatch(/^the GPU rejected the work it was sent: .*storage buffers/i);
    clearBackendFailure();
  });

  it('a lost device ends the run as a backend problem, pinned to no node', async () => {
    const program = await compileGraph(tinyGraph('causal-lm'), { registry: createRegistry(), data: createNodeDataSource() });
    const device = (tf.backend() as unknown as { device: { destroy(): void } }).device;
    const errors: { nodeId: string | null; message: string }[] = [];
    const run = train({
      program,
      steps: 5,
      outputs: false,
      onEvent: (e) => {
        if (e.event === 'step' && e.step === 1) device.destroy();
        if (e.event === 'error') errors.push(e);
      },
    });
    await expect(run).rejects.toBeInstanceOf(TrainingError);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.nodeId).toBeNull();
    expect(errors[0]!.message).toMatch(/^the webgpu backend failed: the GPU device was lost .*The graph is not at fault/);
    // a fresh device serves the next run
    await startNodeWebgpu();
    expect(backendFailure()).toBeNull();
  });
});
