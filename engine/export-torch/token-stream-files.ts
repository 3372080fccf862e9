import type { TokenStream } from '../data/values.js';
import type { TorchDataFile } from './torch-emit.js';

const encoder = new TextEncoder();

function littleEndianInt32(ids: Int32Array): Uint8Array {
  const out = new Uint8Array(ids.length * 4);
  const view = new DataView(out.buffer);
  ids.forEach((id, i) => view.setInt32(i * 4, id, true));
  return out;
}

/**
 * A token stream as flat files a Python program reads without the engine: `<key>.train.bin` and
 * `<key>.val.bin` (little-endian int32 ids, np.fromfile reads them), and `<key>.json`, the small
 * header naming them with their counts and holding the vocabulary as the tokenizer saves it.
 */
export function tokenStreamFiles(key: string, stream: TokenStream): TorchDataFile[] {
  const part = (split: 'train' | 'val') => ({ file: `${key}.${split}.bin`, dtype: 'int32', count: stream[split].length });
  const header = {
    kind: stream.vocabulary.kind,
    train: part('train'),
    val: part('val'),
    vocabulary: { size: stream.vocabulary.size, special: stream.vocabulary.special, saved: stream.vocabulary.toJSON() },
  };
  return [
    { name: `${key}.json`, bytes: encoder.encode(JSON.stringify(header)) },
    { name: header.train.file, bytes: littleEndianInt32(stream.train) },
    { name: header.val.file, bytes: littleEndianInt32(stream.val) },
  ];
}
