import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

export const ul2MixtureTorch: TorchEmit = {
  // R and X corrupt spans with span corruption's code
  uses: ['graph-nodes/masking/span-corruption.torch.py', 'graph-nodes/masking/ul2-mixture.torch.py'],
  code: (e) => `ul2_mixture(${e.settings}, ${e.input('ids')}, ${e.vocabulary('ids')}, ${e.rng})`,
};
