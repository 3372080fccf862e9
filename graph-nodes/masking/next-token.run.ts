import { hostInt, type HostTensor } from '../../engine/core/host-tensor.js';

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
