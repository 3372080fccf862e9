import * as path from 'node:path';
import { createNodeDataSource } from '../engine/data/node-data-source.js';
import type { DataSource } from '../engine/data/data-source.js';
import type { PickedData } from './ipc-contract.js';

/** Far more text than a laptop trains on, and well under what one IPC message can carry. */
export const MAX_PICKED_CHARS = 200 * 1024 * 1024;

/**
 * What a data node's file picker returns in the app: the path (the node's setting, which the CLI
 * and tfjs-node read themselves) and the texts (for the renderer's training worker, which cannot
 * read the disk). The rules are the engine's own (node-data-source): a UTF-8 file, or every
 * .txt/.md file under a folder, hidden folders and node_modules skipped, sorted by path.
 */
export async function readPickedData(picked: string, opts: { data?: DataSource; maxChars?: number } = {}): Promise<PickedData> {
  const abs = path.resolve(picked);
  const docs = await (opts.data ?? createNodeDataSource()).userText(abs);
  const max = opts.maxChars ?? MAX_PICKED_CHARS;
  const total = docs.reduce((n, d) => n + d.text.length, 0);
  if (total > max) {
    throw new Error(`"${abs}" holds ${(total / 1e6).toFixed(0)} million characters of text; the app reads at most ${(max / 1e6).toFixed(0)} million (choose fewer files, or train from the command line)`);
  }
  return { name: path.basename(abs), path: abs, files: docs.map((d) => ({ name: d.name, text: d.text })) };
}
