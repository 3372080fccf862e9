import { describeType, type TensorType } from '../core/tensor-type.js';
import type { PortSpec } from '../registry/define-node.js';
import { unifyType, type Bindings } from './unify.js';

export type ConnectCheck = { ok: true } | { ok: false; reason: string };

/**
 * The one place that decides whether an output may feed an input. The editor calls it while a
 * connection is dragged (with no bindings) and validation calls it with the bindings the node's
 * other inputs have already fixed, so the same reason text reaches the user either way.
 */
export function canConnect(out: TensorType, input: PortSpec, bindings: Bindings = new Map(), origin?: Map<string, string>): ConnectCheck {
  const r = unifyType(out, input.type, bindings, origin, input.name);
  if (r.ok) return r;
  return { ok: false, reason: `${describeType(out)} cannot feed ${describeType(input.type)}: ${r.reason}` };
}
