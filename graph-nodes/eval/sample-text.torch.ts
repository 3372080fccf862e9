import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

export const sampleTextTorch: TorchEmit = {
  uses: ['graph-nodes/eval/sample-text.torch.py'],
  code: (e) => {
    const m = e.model('logits');
    return `sample_text(${e.settings}, ${m.call}, ${e.vocabulary('logits')}, ${m.contextLength}, ${e.rng})`;
  },
};
