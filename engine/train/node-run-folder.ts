import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GraphDocument } from '../core/graph-document.js';
import { serializeGraph } from '../core/serialize.js';
import { runName } from './run-name.js';

export function defaultRunDir(doc: GraphDocument, date = new Date()): string {
  return join('runs', runName(doc.name, date));
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
