import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { imageEncoderNode } from './image-encoder.js';
import { buildTensorNode, inferNode, maxRelDiff } from '../../test/support/tensor-node-harness.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const images = { dtype: 'float32' as const, shape: ['B', 12], role: 'image' as const };

describe('model/image-encoder', () => {
  it('maps [B, P] images to [B, dModel] vectors through P -> hidden -> dModel', () => {
    expect(inferNode(imageEncoderNode, imageEncoderNode.params.parse({ dModel: 8 }), { images }).outputs.vectors!.shape).toEqual(['B', 8]);
    const node = buildTensorNode(imageEncoderNode, { params: { hidden: 10, dModel: 8 }, inputs: { images } });
    expect([...node.variables.keys()]).toEqual(['w1', 'b1', 'w2', 'b2']);
    expect(node.variables.get('w1')!.shape).toEqual([12, 10]);
    const x = tf.randomUniform([3, 12], 0, 1, 'float32', 4);
    const out = node.apply({ images: x }).vectors!;
    expect(out.shape).toEqual([3, 8]);
    // by hand: gelu(x W1 + b1) W2 + b2, GELU in its tanh form
    const v = node.variables;
    const h = tf.matMul(x, v.get('w1')!).add(v.get('b1')!);
    const gelu = tf.mul(tf.mul(h, 0.5), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(h, tf.mul(0.044715, tf.pow(h, 3)))))));
    expect(maxRelDiff(out, tf.matMul(gelu, v.get('w2')!).add(v.get('b2')!))).toBeLessThan(1e-3);
    node.dispose();
  });
});
