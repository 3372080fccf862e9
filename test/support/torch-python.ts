import { findTorchPython } from '../../engine/export-torch/node-python.js';
import { requireInCi } from './required-in-ci.js';

/** The local Python with torch, or null. */
export const TORCH_PYTHON = findTorchPython();

/** Where torch is missing the PyTorch tests are skipped, except under CI=true (required-in-ci.ts). */
export function requireTorchInCi(): void {
  requireInCi('a Python that imports torch', TORCH_PYTHON ? null : 'no Python here imports torch and numpy: .ci/run should have installed python3-torch');
}
