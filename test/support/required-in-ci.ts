import { it } from 'vitest';

/**
 * Tests that need something a machine may lack (a Python with torch, a WebGPU adapter through
 * Dawn) are skipped without it, except under CI=true: .ci/run installs what they need and sets
 * CI=true, so there a missing piece is a broken setup and fails the suite instead of quietly
 * shrinking it. `missing` is why it is missing, or null when it is there.
 */
export function requireInCi(what: string, missing: string | null): void {
  if (missing === null || process.env.CI !== 'true') return;
  it(`finds ${what} (CI=true)`, () => {
    throw new Error(`CI=true but ${missing}`);
  });
}
