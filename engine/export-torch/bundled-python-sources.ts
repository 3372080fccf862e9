/// <reference types="vite/client" />
import type { ReadSource } from '../export/library.js';

/**
 * The Python library an exported PyTorch program copies in (the runtime and each node's
 * `.torch.py`), bundled as text: the app (its training worker, the desktop app's training
 * process) has no checkout to read them from; the CLI reads them with readRepoSource. Only code
 * that vite bundles may import this (import.meta.glob is vite's).
 */
const bundled = import.meta.glob<string>(['./python/*.py', '../../graph-nodes/**/*.torch.py'], { query: '?raw', import: 'default', eager: true });

/** "./python/rng.py" -> "engine/export-torch/python/rng.py"; "../../graph-nodes/x" -> "graph-nodes/x" */
const repoPath = (key: string) => (key.startsWith('./') ? `engine/export-torch/${key.slice(2)}` : key.replace(/^\.\.\/\.\.\//, ''));
const sources: ReadonlyMap<string, string> = new Map(Object.entries(bundled).map(([key, text]) => [repoPath(key), text]));

export const readPythonSource: ReadSource = (repoPath) => {
  const text = sources.get(repoPath);
  if (text === undefined) throw new Error(`"${repoPath}" is not among the Python sources the app bundles (engine/export-torch/bundled-python-sources.ts)`);
  return text;
};
