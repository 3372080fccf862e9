import type { TorchDataFile, TorchEmit } from '../../engine/export-torch/torch-emit.js';
import type { ImageSet, ImageSplit } from './mnist.run.js';

const encoder = new TextEncoder();

/** Typed-array bytes, little-endian as np.fromfile reads them (the engine's arrays are little-endian on every machine it runs on). */
const bytesOf = (a: Float32Array | Int32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength).slice();

/**
 * An image set as flat files: `<key>.<split>.pixels.bin` (float32, image after image, row by
 * row), `<key>.<split>.labels.bin` (int32) and `<key>.json`, the header naming them.
 */
export function imageSetFiles(key: string, images: ImageSet): TorchDataFile[] {
  const split = (name: 'train' | 'val', s: ImageSplit) => ({
    count: s.count,
    pixels: { file: `${key}.${name}.pixels.bin`, dtype: 'float32', count: s.pixels.length },
    labels: { file: `${key}.${name}.labels.bin`, dtype: 'int32', count: s.labels.length },
  });
  const header = { width: images.width, height: images.height, classNames: images.classNames, train: split('train', images.train), val: split('val', images.val) };
  return [
    { name: `${key}.json`, bytes: encoder.encode(JSON.stringify(header)) },
    ...(['train', 'val'] as const).flatMap((name) => [
      { name: header[name].pixels.file, bytes: bytesOf(images[name].pixels) },
      { name: header[name].labels.file, bytes: bytesOf(images[name].labels) },
    ]),
  ];
}

/** The digits were read at export; the program reads the images back (the captions only ever feed a tokenizer, which ran at export too). */
export const mnistTorch: TorchEmit = {
  uses: ['graph-nodes/data/mnist.torch.py'],
  files: (nodeId, outputs) => imageSetFiles(`${nodeId}.images`, outputs.images as ImageSet),
  code: (e) => `{"images": read_image_set(${e.dataDir}, ${JSON.stringify(`${e.nodeId}.images`)})}`,
};
