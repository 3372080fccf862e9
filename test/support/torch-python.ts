import { it } from 'vitest';
import { findTorchPython } from '../../engine/export-torch/node-python.js';

/** The local Python with torch, or null. */
export const TORCH_PYTHON = findTorchPython();

/**
 * Where torch is missing the PyTorch tests are skipped, except under CI=true: CI installs
 * python3-torch (.ci/run), so a missing torch there is a broken setup, and fails.
 */
export function requireTorchInCi(): void {
  if (TORCH_PYTHON || process.env.CI !== 'true') return;
  it('finds a Python that imports torch (CI installs python3-torch)', () => {
    throw new Error('CI=true but no Python here imports torch and numpy: .ci/run should have installed python3-torch');
  });
}
