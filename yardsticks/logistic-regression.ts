import * as tf from '@tensorflow/tfjs';

/**
 * Multinomial logistic regression for linear probes: features standardised with the training
 * rows' mean and spread, softmax weights fitted by full-batch Adam with a small L2 penalty, from
 * zeros (so a fit is deterministic). Small: a probe has hundreds of rows and ~100 features.
 */

export interface LogisticOptions {
  steps?: number;
  learningRate?: number;
  l2?: number;
}

export interface LogisticModel {
  predict(rows: Float32Array[]): number[];
  dispose(): void;
}

export function fitLogistic(rows: Float32Array[], labels: number[], classes: number, o: LogisticOptions = {}): LogisticModel {
  const { steps = 300, learningRate = 0.05, l2 = 1e-3 } = o;
  const d = rows[0]!.length;
  const { mean, std, w, b } = tf.tidy(() => {
    const x = tf.tensor2d(rows.map((r) => Array.from(r)), [rows.length, d]);
    const mean = tf.mean(x, 0);
    const std = tf.add(tf.sqrt(tf.mean(tf.square(tf.sub(x, mean)), 0)), 1e-6);
    return { mean: tf.keep(mean), std: tf.keep(std), w: tf.keep(tf.variable(tf.zeros([d, classes]))), b: tf.keep(tf.variable(tf.zeros([classes]))) };
  });
  const xs = tf.tidy(() => tf.div(tf.sub(tf.tensor2d(rows.map((r) => Array.from(r)), [rows.length, d]), mean), std));
  const ys = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), classes), 'float32'));
  const optimizer = tf.train.adam(learningRate);
  for (let s = 0; s < steps; s++) {
    optimizer.minimize(() => {
      const logits = tf.add(tf.matMul(xs, w as tf.Variable), b as tf.Variable);
      const ce = tf.mean(tf.neg(tf.sum(tf.mul(ys, tf.logSoftmax(logits)), -1)));
      return tf.add(ce, tf.mul(l2, tf.sum(tf.square(w as tf.Variable)))) as tf.Scalar;
    });
  }
  optimizer.dispose();
  xs.dispose();
  ys.dispose();
  return {
    predict(test) {
      const best = tf.tidy(() => {
        const x = tf.div(tf.sub(tf.tensor2d(test.map((r) => Array.from(r)), [test.length, d]), mean), std);
        return tf.argMax(tf.add(tf.matMul(x, w), b), -1);
      });
      const out = Array.from(best.dataSync());
      best.dispose();
      return out;
    },
    dispose: () => tf.dispose([mean, std, w, b]),
  };
}
