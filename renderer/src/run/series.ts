/**
 * An append-only (x, y) series in growable Float64Arrays, for curves with 10k+ points.
 *
 * Appending never copies the points already there, except when the capacity doubles (amortised
 * O(1)). A `Series` value is a view `{x, y, length}`: appending returns a new view over the same
 * buffers, so older views keep seeing their own first `length` points unchanged. Appending
 * twice to the same view (React StrictMode calls reducers twice) writes the same slot with the
 * same value, so it is harmless.
 */
export interface Series {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly length: number;
}

const EMPTY = new Float64Array(0);

export function emptySeries(): Series {
  return { x: EMPTY, y: EMPTY, length: 0 };
}

export function seriesFrom(xs: ArrayLike<number>, ys: ArrayLike<number>): Series {
  let s = emptySeries();
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i++) s = appendPoint(s, xs[i]!, ys[i]!);
  return s;
}

function grown(buf: Float64Array, length: number, capacity: number): Float64Array {
  const next = new Float64Array(capacity);
  next.set(buf.subarray(0, length));
  return next;
}

/**
 * Append a point. A point whose x is not after the last point's first drops the points at and
 * after that x (a run resumed from an earlier checkpoint repeats those steps); that case copies.
 */
export function appendPoint(s: Series, x: number, y: number): Series {
  if (s.length > 0 && x <= s.x[s.length - 1]!) s = truncateFrom(s, x);
  let { x: xs, y: ys } = s;
  if (s.length === xs.length) {
    const capacity = Math.max(64, xs.length * 2);
    xs = grown(xs, s.length, capacity);
    ys = grown(ys, s.length, capacity);
  }
  xs[s.length] = x;
  ys[s.length] = y;
  return { x: xs, y: ys, length: s.length + 1 };
}

/** The points with x < `x`, in fresh buffers (so writes after it never show through older views). */
export function truncateFrom(s: Series, x: number): Series {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s.x[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  const capacity = Math.max(64, s.x.length);
  return { x: grown(s.x, lo, capacity), y: grown(s.y, lo, capacity), length: lo };
}

export function xsOf(s: Series): Float64Array {
  return s.x.subarray(0, s.length);
}

export function ysOf(s: Series): Float64Array {
  return s.y.subarray(0, s.length);
}

export function lastY(s: Series): number | null {
  return s.length > 0 ? s.y[s.length - 1]! : null;
}
