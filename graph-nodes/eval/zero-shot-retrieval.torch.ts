import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

export const zeroShotRetrievalTorch: TorchEmit = {
  // the captions are written as the pairing node writes them
  uses: ['graph-nodes/batching/image-captions.torch.py', 'graph-nodes/eval/zero-shot-retrieval.torch.py'],
  code: (e) => {
    const image = e.modelOfFeeds('imageEmbedding');
    const text = e.model('textEmbedding');
    return `zero_shot_retrieval(${e.settings}, ${image.call}, ${JSON.stringify(image.feeds[0]!.key)}, ${text.call}, ${e.vocabulary('textEmbedding')}, ${e.input('images')}, ${text.contextLength})`;
  },
  unsupported(e) {
    const feeds = e.modelOfFeeds('imageEmbedding').feeds;
    return feeds.length === 1 && feeds[0]!.role === 'image' ? undefined : `its image embeddings come from a model fed by ${feeds.map((f) => f.key).join(', ')}, not by images alone`;
  },
};
