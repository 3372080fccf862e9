import { findTorchPythonAsync, noTorchPython } from '../engine/export-torch/node-python.js';

/**
 * Whether the `pytorch` backend can train here: a local Python that imports torch and numpy (the
 * first of python3, /usr/bin/python3, python; or PRETRAIN_LAB_PYTHON alone). Asked without blocking the
 * main process (`import torch` takes a second or two), once per app start.
 */
export async function detectTorch(find: () => Promise<string | null> = findTorchPythonAsync): Promise<{ available: boolean; python: string | null; reason: string }> {
  const python = await find();
  if (python) return { available: true, python, reason: `${python} imports torch; a run exports the graph into its run folder and trains it there` };
  return { available: false, python: null, reason: noTorchPython() };
}
