/**
 * Deterministic random numbers for the host-side pipeline (batch sampling, masking, sampling
 * text). Every stream is derived from (seed, purpose...) so a resumed run draws exactly what an
 * uninterrupted one would.
 */

export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  /** integer in [0, n) */
  int(n: number): number;
}

/** FNV-1a over the parts' string forms, mixed into 32 bits. */
export function hashSeed(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const s = String(part) + '\u0000';
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  }
  return h >>> 0;
}

export function makeRng(...seedParts: (string | number)[]): Rng {
  let a = hashSeed(...seedParts);
  const next = () => {
    // mulberry32
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n) };
}
