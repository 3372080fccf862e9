import type { TorchEmit } from '../../engine/export-torch/torch-emit.js';
import { SPAN_CORRUPTION_PORTS } from '../masking/span-corruption.run.js';

/** The encoder's and decoder's feeds, found as the engine finds them: by the span-corruption ports that feed them in training. */
function encoderDecoderFeeds(feeds: { key: string; port: string; role: string; contextLength: number }[]) {
  const find = (port: string) => feeds.find((f) => f.port === port);
  const enc = find(SPAN_CORRUPTION_PORTS.inputs);
  const dec = find(SPAN_CORRUPTION_PORTS.decoderInputs);
  return enc && dec && feeds.length === 2 ? { enc, dec } : undefined;
}

const asTuple = (f: { key: string; contextLength: number }) => `(${JSON.stringify(f.key)}, ${f.contextLength})`;

export const spanInfillTorch: TorchEmit = {
  uses: ['graph-nodes/eval/span-infill.torch.py'],
  code: (e) => {
    const m = e.modelOfFeeds('logits');
    const { enc, dec } = encoderDecoderFeeds(m.feeds)!;
    return `span_infill(${e.settings}, ${m.call}, ${e.vocabulary('logits')}, ${asTuple(enc)}, ${asTuple(dec)})`;
  },
  unsupported(e) {
    const feeds = e.modelOfFeeds('logits').feeds;
    return encoderDecoderFeeds(feeds)
      ? undefined
      : `its logits come from a model fed by ${feeds.map((f) => f.key).join(', ')}, not an encoder-decoder fed by a span-corruption node's "inputs" and "decoderInputs"`;
  },
};
