import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

/**
 * Continued pretraining: the engine loads the saved run at export, and the weights the program
 * starts from (the run's, and the engine's own start for every other weight) go into the data
 * folder, so the program needs neither the run folder nor the engine.
 */
export const loadWeightsTorch: TorchEmit = {
  uses: ['graph-nodes/checkpoint/load-weights.torch.py'],
  code: () => ({ base: 'PassLoss', args: '' }),
  startsFromExportedWeights: true,
};
