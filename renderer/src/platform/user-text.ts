import type { PickedData } from './platform.js';

/**
 * A person's own text for a data node, read in the browser by the same rules as the engine's
 * Node reader (engine/data/node-data-source.ts) and the Electron main process: one picked file
 * of any name, or every .txt / .md file under a folder (hidden folders and node_modules
 * skipped), sorted by path; UTF-8 only, binary files refused, each error naming the file.
 */
export interface NamedFile {
  /** "/"-separated path relative to the picked folder (or the file's name) */
  name: string;
  file: Blob;
}

const TEXT_FILE = /\.(txt|md)$/i;
export const MAX_PICKED_CHARS = 200 * 1024 * 1024;

export async function readDataFiles(rootName: string, files: readonly NamedFile[], opts: { single?: boolean; maxChars?: number } = {}): Promise<PickedData> {
  const chosen = opts.single
    ? files.slice(0, 1)
    : files
        .filter((f) => TEXT_FILE.test(f.name) && !f.name.split('/').slice(0, -1).some((s) => s.startsWith('.') || s === 'node_modules'))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (chosen.length === 0) throw new Error(`the folder "${rootName}" has no .txt or .md files`);
  const max = opts.maxChars ?? MAX_PICKED_CHARS;
  const out: PickedData['files'] = [];
  let total = 0;
  for (const f of chosen) {
    const text = decodeUserText(f.name, new Uint8Array(await f.file.arrayBuffer()));
    total += text.length;
    if (total > max) throw new Error(`"${rootName}" holds more than ${(max / 1e6).toFixed(0)} million characters of text; choose fewer files`);
    out.push({ name: f.name, text });
  }
  return { name: rootName, path: null, files: out };
}

export function decodeUserText(name: string, bytes: Uint8Array): string {
  if (bytes.includes(0)) throw new Error(`"${name}" looks like a binary file, not text`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`"${name}" is not UTF-8 text; save it as UTF-8 and try again`);
  }
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').trimEnd();
}
