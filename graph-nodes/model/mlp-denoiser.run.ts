import * as tf from '@tensorflow/tfjs';
import { gelu } from '../../engine/runtime/activations.js';
import { linear } from '../../engine/runtime/matmul.js';
import { layerNorm } from '../../engine/runtime/norm.js';
import type { MakeVariable } from '../../engine/runtime/variables.js';
import type { TensorApply } from '../../engine/runtime/step.js';

/**
 * noisy images [B, P] and step vectors [B, H] -> the predicted noise [B, P]: the image into H
 * units plus the step, `blocks` residual blocks (LayerNorm, H -> 2H with the step added, GELU,
 * back to H), then LayerNorm, GELU and back to P pixels, plus x_t times a per-pixel factor the
 * step sets.
 */
export function mlpDenoiser(p: { hidden: number; blocks: number }, pixels: number, variable: MakeVariable): TensorApply {
  const H = p.hidden;
  const w = (name: string, rows: number, cols: number, std = Math.sqrt(1 / rows)) => variable(name, [rows, cols], { kind: 'normal', std }) as tf.Tensor as tf.Tensor2D;
  const b = (name: string, n: number) => variable(name, [n], { kind: 'zeros' }) as tf.Tensor as tf.Tensor1D;
  const ones = (name: string, n: number) => variable(name, [n], { kind: 'ones' }) as tf.Tensor as tf.Tensor1D;
  const inW = w('in.w', pixels, H);
  const inB = b('in.b', H);
  const blocks = Array.from({ length: p.blocks }, (_, i) => ({
    gain: ones(`block${i}.ln.gain`, H),
    bias: b(`block${i}.ln.bias`, H),
    upW: w(`block${i}.up.w`, H, 2 * H),
    upB: b(`block${i}.up.b`, 2 * H),
    timeW: w(`block${i}.time.w`, H, 2 * H),
    downW: w(`block${i}.down.w`, 2 * H, H, Math.sqrt(1 / (2 * H)) / Math.sqrt(p.blocks)),
    downB: b(`block${i}.down.b`, H),
  }));
  const outGain = ones('out.ln.gain', H);
  const outBias = b('out.ln.bias', H);
  const outW = w('out.w', H, pixels, 0.01);
  const outB = b('out.b', pixels);
  // A skip from input to output, scaled per pixel by the step: at high noise the answer is mostly
  // x_t itself, which a bottleneck of `hidden` units narrower than the image could not pass on.
  const skipW = variable('skip.w', [H, pixels], { kind: 'zeros' }) as tf.Tensor as tf.Tensor2D;
  const skipB = b('skip.b', pixels);
  return ({ noisy, time }) => {
    let h = tf.add(linear(noisy!, inW, inB), time!);
    for (const k of blocks) {
      const up = tf.add(linear(layerNorm(h, k.gain, k.bias), k.upW, k.upB), linear(time!, k.timeW));
      h = tf.add(h, linear(gelu(up), k.downW, k.downB));
    }
    const skip = tf.mul(linear(time!, skipW, skipB), noisy!);
    return { noise: tf.add(linear(gelu(layerNorm(h, outGain, outBias)), outW, outB), skip) };
  };
}
