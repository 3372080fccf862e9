import * as tf from '@tensorflow/tfjs';
import { customGrad } from './custom-grad.js';
import { oneHotFloat } from './embedding.js';

/**
 * Weighted softmax cross-entropy: sum_i w_i ce_i / max(sum_i w_i, eps) over every position i.
 * logits [.., V], targets int32 [..], weights float32 [..] (optional: all 1). A position with
 * weight 0 (padding, unmasked BERT tokens) adds nothing to the loss or its gradient. With
 * label smoothing s the target distribution is (1 - s) one-hot + s / V.
 *
 * Costs one softmax over the logits (a single XNNPACK kernel on wasm; Exp and Log over every
 * logit are scalar loops there). log-sum-exp comes from it: with m = max(l), the row's largest
 * probability is exp(0) / sum(exp(l - m)), so lse = m - log(max(p)), exact and safe from
 * underflow. The gradient is written out: dlogits_i = (softmax_i - target_i) w_i / sum(w).
 */
export function softmaxCrossEntropy(logits: tf.Tensor, targets: tf.Tensor, weights?: tf.Tensor, labelSmoothing = 0, eps = 1e-8): tf.Scalar {
  const vocab = logits.shape[logits.shape.length - 1]!;
  const shape = logits.shape;
  const flatTargets = tf.reshape(targets, [-1]) as tf.Tensor1D;
  const w = weights ? tf.reshape(weights, [-1, 1]) : undefined;
  const f = customGrad(([lg], save) => {
    const l2 = tf.reshape(lg!, [-1, vocab]);
    const rows = l2.shape[0]!;
    const p = tf.softmax(l2);
    const lse = tf.sub(tf.max(l2, 1, true), tf.log(tf.max(p, 1, true)));
    const hot = oneHotFloat(flatTargets, vocab);
    let picked = tf.sum(tf.mul(hot, l2), 1, true);
    if (labelSmoothing > 0) {
      picked = tf.add(tf.mul(picked, 1 - labelSmoothing), tf.mul(tf.mean(l2, 1, true), labelSmoothing));
    }
    const ce = tf.sub(lse, picked);
    const wCol = w ?? tf.ones([rows, 1]);
    const total = tf.maximum(tf.sum(wCol), eps);
    const scale = tf.div(wCol, total);
    save([p, hot, scale]);
    return {
      value: tf.sum(tf.mul(ce, scale)),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sp, sHot, sScale] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        let target: tf.Tensor = sHot;
        if (labelSmoothing > 0) target = tf.add(tf.mul(sHot, 1 - labelSmoothing), labelSmoothing / vocab);
        return tf.reshape(tf.mul(tf.sub(sp, target), tf.mul(sScale, dy)), shape);
      },
    };
  });
  return f(logits) as tf.Scalar;
}
