import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';

type Feed = { key: string; role: string; contextLength: number };

/** The denoiser's two inputs, found as the engine finds them: by role. */
function denoiserFeeds(feeds: Feed[]) {
  const image = feeds.find((f) => f.role === 'image');
  const time = feeds.find((f) => f.role === 'timestep');
  return image && time && feeds.length === 2 ? { image, time } : undefined;
}

const asTuple = (f: Feed) => `(${JSON.stringify(f.key)}, ${f.contextLength})`;

export const generateImagesTorch: TorchEmit = {
  uses: ['graph-nodes/noise-schedule/ddpm.torch.py', 'graph-nodes/eval/generate-images.torch.py'],
  code: (e) => {
    const m = e.modelOfFeeds('noise');
    const { image, time } = denoiserFeeds(m.feeds)!;
    return `generate_images(${e.settings}, ${m.call}, ${e.input('schedule')}, ${e.rng}, ${asTuple(image)}, ${asTuple(time)})`;
  },
  unsupported(e) {
    const feeds = e.modelOfFeeds('noise').feeds;
    return denoiserFeeds(feeds) ? undefined : `its noise comes from a model fed by ${feeds.map((f) => f.key).join(', ')}, not a denoiser that reads noisy images and their timesteps`;
  },
};
