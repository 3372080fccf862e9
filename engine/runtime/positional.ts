import * as tf from '@tensorflow/tfjs';

/**
 * The fixed sinusoidal position table of "Attention is all you need", [length, d] row-major:
 * PE[t, 2i] = sin(t / 10000^(2i/d)), PE[t, 2i+1] = cos(t / 10000^(2i/d)). Host data: the model
 * uploads the rows it needs per call, so no tensor outlives a step.
 */
export function sinusoidalTable(length: number, d: number): Float32Array {
  const data = new Float32Array(length * d);
  for (let t = 0; t < length; t++) {
    for (let i = 0; i < d; i += 2) {
      const angle = t / Math.pow(10000, i / d);
      data[t * d + i] = Math.sin(angle);
      if (i + 1 < d) data[t * d + i + 1] = Math.cos(angle);
    }
  }
  return data;
}

/** hidden [B, t, D] + rows offset..offset+t of a host position table [maxLength, D] (offset > 0: decoding on from there). */
export function addSinusoidalPositions(hidden: tf.Tensor, table: Float32Array, offset = 0): tf.Tensor {
  const [, t, d] = hidden.shape as [number, number, number];
  if ((offset + t) * d > table.length) throw new Error(`the sequence has ${offset + t} positions but the position table only ${table.length / d}`);
  return tf.add(hidden, tf.tensor2d(table.subarray(offset * d, (offset + t) * d), [t, d]));
}

/**
 * hidden [B, t, D] + table[offset..offset+t) for a learnt [maxLength, D] table. Only the rows the
 * sequence uses are added, so a prompt shorter than the training length works, and a decoder
 * that reads one new token at a time (offset > 0) gets that token's row. The slice is skipped
 * when the rows are the whole table (a slice copies the whole table on wasm).
 */
export function addPositions(hidden: tf.Tensor, table: tf.Tensor2D, offset = 0): tf.Tensor {
  const t = hidden.shape[1]!;
  const [maxLength, d] = table.shape;
  if (offset + t > maxLength) throw new Error(`the sequence has ${offset + t} positions but the position table only ${maxLength}`);
  const rows = offset === 0 && t === maxLength ? table : tf.slice(table, [offset, 0], [t, d]);
  return tf.add(hidden, rows);
}
