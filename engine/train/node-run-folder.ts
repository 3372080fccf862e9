import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { GraphDocument } from '../core/graph-document.js';
import { serializeGraph } from '../core/serialize.js';
import { runName } from './run-name.js';

export function defaultRunDir(doc: GraphDocument, date = new Date()): string {
  return join('runs', runName(doc.name, date));
}

/** A folder's entries, or null when nothing is there; a file is 'file'. */
async function entriesOf(dir: string): Promise<string[] | 'file' | null> {
  try {
    if (!(await stat(dir)).isDirectory()) return 'file';
    return await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

const RUN_ENTRY = /^(graph\.json|events\.jsonl|latest|ckpt-\d+)$/;

/**
 * Why a new run may not be written into `dir` (train's --out), or null: it does not exist yet,
 * or is an empty folder. Anything in it is refused, an earlier
 * run above all: training into it would mix two runs' checkpoints and events and replace its
 * graph. Continuing a run is --resume.
 */
export async function newRunDirProblem(dir: string): Promise<string | null> {
  const entries = await entriesOf(dir);
  if (entries === null || (entries !== 'file' && entries.length === 0)) return null;
  if (entries === 'file') return `--out ${dir} is a file: give a folder for the run`;
  if (entries.some((e) => RUN_ENTRY.test(e))) return `--out ${dir} already holds a run: give a new folder, or continue that run with --resume ${dir}`;
  const shown = entries.slice(0, 3).join(', ') + (entries.length > 3 ? ', …' : '');
  return `--out ${dir} is a folder with files in it (${shown}): give a new or empty folder for the run`;
}

/** The default run folder (runs/NAME-TIME), with -2, -3 … when a run started in the same second has it. */
export async function freeDefaultRunDir(doc: GraphDocument, date = new Date()): Promise<string> {
  const base = defaultRunDir(doc, date);
  for (let n = 1; ; n++) {
    const dir = n === 1 ? base : `${base}-${n}`;
    if ((await newRunDirProblem(dir)) === null) return dir;
  }
}

/** mkdir -p one level at a time: Node 20's recursive mkdir never returns for a path under /proc. */
export async function makeDirs(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let at = resolve(dir); (await entriesOf(at)) === null; at = dirname(at)) {
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const d of missing)
    await mkdir(d).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
}

/** Looks like a Hugging Face tokenizer.json (what the BPE tokenizer saves as its state). */
function isHfTokenizer(state: unknown): boolean {
  return typeof state === 'object' && state !== null && 'model' in state && 'pre_tokenizer' in state;
}

/** The files a person opens in a run folder besides checkpoints: the graph, and tokenizer.json. */
export async function writeRunFiles(dir: string, doc: GraphDocument, sourceStates: Record<string, unknown>): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'graph.json'), serializeGraph(doc));
  const hf = Object.entries(sourceStates).filter(([, s]) => isHfTokenizer(s));
  for (const [nodeId, state] of hf) {
    // ids are checked when a graph loads; a file name is made safe here too, whatever reaches it
    const name = hf.length === 1 ? 'tokenizer.json' : `tokenizer-${nodeId.replace(/[^A-Za-z0-9_-]/g, '_')}.json`;
    await writeFile(join(dir, name), JSON.stringify(state, null, 2));
  }
}
