import type { GraphDocument } from '../../../engine/core/graph-document.js';
import { parseGraph } from '../../../engine/core/serialize.js';

/** The graphs in samples/, bundled with the app: the gallery's entries. */
const files = import.meta.glob('../../../samples/*.graph.json', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface Sample {
  file: string;
  doc: GraphDocument;
  /** the sample's first note: what its objective is good at */
  about: string;
}

export const SAMPLES: Sample[] = Object.entries(files)
  .map(([path, text]) => {
    const doc = parseGraph(text);
    return { file: path.split('/').pop()!, doc, about: doc.notes[0]?.text ?? '' };
  })
  .sort((a, b) => a.file.localeCompare(b.file));
