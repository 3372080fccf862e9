import { formatShape, isSymbol, type Dim, type TensorType } from '../core/tensor-type.js';

/**
 * Matching an actual tensor type against a port's declared pattern. Pattern symbols are local to
 * the node and bind to whatever the actual dim is (a number, or a global symbol such as B or V
 * that stays unknown until the data is seen). Two ports that share a symbol must agree on it.
 */

export type Bindings = Map<string, Dim>;

/** Could two actual dims be the same size? Unknown (symbolic) against concrete can't be ruled out. */
function compatible(a: Dim, b: Dim): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (isSymbol(a) && isSymbol(b)) return a === b;
  return true;
}

/** Prefer the concrete value when a symbol meets a number. */
function moreKnown(a: Dim, b: Dim): Dim {
  return typeof a === 'number' ? a : b;
}

export type UnifyResult = { ok: true } | { ok: false; reason: string };

function bindDim(bindings: Bindings, pattern: Dim, actual: Dim, what: string, origin: Map<string, string>, port: string): UnifyResult {
  if (!isSymbol(pattern)) {
    return compatible(pattern, actual) ? { ok: true } : { ok: false, reason: `${what} must be ${pattern}, got ${actual}` };
  }
  const bound = bindings.get(pattern);
  if (bound === undefined) {
    bindings.set(pattern, actual);
    origin.set(pattern, port);
    return { ok: true };
  }
  if (!compatible(bound, actual)) {
    const from = origin.get(pattern);
    const source = from && from !== port ? ` from ${from}` : '';
    return { ok: false, reason: `${pattern} is ${bound}${source} but ${actual} here` };
  }
  bindings.set(pattern, moreKnown(bound, actual));
  return { ok: true };
}

/**
 * Unify `actual` with the port pattern, extending `bindings`. `origin` remembers which port first
 * fixed each symbol so a mismatch can say where the other value came from.
 */
export function unifyType(
  actual: TensorType,
  pattern: TensorType,
  bindings: Bindings,
  origin: Map<string, string> = new Map(),
  port = '',
): UnifyResult {
  if (actual.role !== pattern.role) return { ok: false, reason: 'it carries a different kind of value' };
  if (actual.dtype !== pattern.dtype) return { ok: false, reason: `dtype ${actual.dtype} is not ${pattern.dtype}` };
  if (actual.shape.length !== pattern.shape.length) {
    return {
      ok: false,
      reason: `rank ${actual.shape.length} ${formatShape(actual.shape)} is not rank ${pattern.shape.length} ${formatShape(pattern.shape)}`,
    };
  }
  for (let i = 0; i < pattern.shape.length; i++) {
    const r = bindDim(bindings, pattern.shape[i]!, actual.shape[i]!, `dimension ${i + 1}`, origin, port);
    if (!r.ok) return { ok: false, reason: `shape ${formatShape(actual.shape)} does not fit ${formatShape(pattern.shape)}: ${r.reason}` };
  }
  if (pattern.vocab !== undefined && actual.vocab !== undefined) {
    const r = bindDim(bindings, pattern.vocab, actual.vocab, 'the vocabulary size', origin, port);
    if (!r.ok) return { ok: false, reason: `the vocabulary does not match: ${r.reason}` };
  }
  return { ok: true };
}
