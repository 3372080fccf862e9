import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { buildTinyGpt } from '../../bench/tiny-gpt.js';

afterAll(async () => {
  await tf.setBackend('wasm');
});

/** Loss and gradients of a small GPT on one backend, read back to the host. */
async function lossAndGrads(backend: string): Promise<{ loss: number; grads: Map<string, Float32Array> }> {
  await tf.setBackend(backend);
  const gpt = buildTinyGpt({ vocab: 20, dModel: 32, layers: 2, heads: 4, context: 16, causal: true, seed: 5 });
  const ids = tf.tensor2d(Int32Array.from({ length: 64 }, (_, i) => (i * 7 + 3) % 20), [4, 16], 'int32');
  const targets = tf.tensor2d(Int32Array.from({ length: 64 }, (_, i) => (i * 5 + 1) % 20), [4, 16], 'int32');
  const { value, grads } = tf.variableGrads(() => gpt.loss(ids, targets, { training: true, step: 1, seed: 1 }), gpt.variables.map((v) => v.variable));
  const out = new Map(gpt.variables.map((v) => [v.name, grads[v.variable.name]!.dataSync() as Float32Array]));
  const loss = value.dataSync()[0]!;
  tf.dispose([value, ids, targets]);
  tf.dispose(grads);
  gpt.dispose();
  return { loss, grads: out };
}

describe('the same model on wasm and cpu', () => {
  it('gives the same loss and gradients (float tolerance)', async () => {
    const wasm = await lossAndGrads('wasm');
    const cpu = await lossAndGrads('cpu');
    expect(Math.abs(wasm.loss - cpu.loss)).toBeLessThan(1e-5);
    for (const [name, g] of wasm.grads) {
      const h = cpu.grads.get(name)!;
      let diff = 0;
      let scale = 1e-3;
      for (let i = 0; i < g.length; i++) {
        diff = Math.max(diff, Math.abs(g[i]! - h[i]!));
        scale = Math.max(scale, Math.abs(h[i]!));
      }
      expect(diff / scale, name).toBeLessThan(1e-4);
    }
  });
});
