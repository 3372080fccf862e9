import type { Dim, TensorType } from '../../engine/core/tensor-type.js';
import type { InferResult } from '../../engine/registry/define-node.js';

export { shiftBlocks } from './next-token.run.js';

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
