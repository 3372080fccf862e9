import { hostInt, type HostTensor } from '../../engine/core/host-tensor.js';
import type { Dim, TensorType } from '../../engine/core/tensor-type.js';
import type { InferResult } from '../../engine/registry/define-node.js';

/**
 * What every next-token objective shares (causal shift, prefix LM): a block of T tokens becomes
 * T-1 inputs and the T-1 tokens that follow them.
 */

/** The shifted [B, T-1] input and target types, or the issue when a block is too short. */
export function shiftedTypes(dims: ReadonlyMap<string, Dim>): { issue: InferResult } | { t: Dim; inputs: TensorType; targets: TensorType } {
  const T = dims.get('T')!;
  if (typeof T === 'number' && T < 2) return { issue: { issues: [{ port: 'ids', message: 'blocks must hold at least 2 tokens to predict a next one' }] } };
  const t = typeof T === 'number' ? T - 1 : `${T}-1`;
  const B = dims.get('B')!;
  const V = dims.get('V')!;
  return {
    t,
    inputs: { dtype: 'int32', shape: [B, t], role: 'token-ids', vocab: V },
    targets: { dtype: 'int32', shape: [B, t], role: 'targets', vocab: V },
  };
}

/** Blocks [B, T] -> inputs (tokens 0..T-2) and targets (tokens 1..T-1), each [B, T-1]. */
export function shiftBlocks(ids: HostTensor): { inputs: HostTensor; targets: HostTensor } {
  const [B, T] = ids.shape as [number, number];
  const x = hostInt([B, T - 1]);
  const y = hostInt([B, T - 1]);
  for (let b = 0; b < B; b++) {
    const row = (ids.data as Int32Array).subarray(b * T, (b + 1) * T);
    (x.data as Int32Array).set(row.subarray(0, T - 1), b * (T - 1));
    (y.data as Int32Array).set(row.subarray(1), b * (T - 1));
  }
  return { inputs: x, targets: y };
}
