import type { ReadSource } from '../../../engine/export/library.js';

/**
 * The library an exported program copies in (engine/export/library.ts), bundled as text so the
 * app exports without a file system: the nodes' `.run.ts` files, the graph-nodes and engine modules
 * they may import (core, runtime, train, backend, data), tests left out. A module the exporter asks
 * for that is not here is an error naming it (and program.test.ts fails for it on every sample).
 * Only the TypeScript tab's lazily loaded chunk imports this.
 */
const bundled = import.meta.glob<string>(
  ['../../../engine/{core,runtime,train,backend,data}/**/*.ts', '../../../graph-nodes/**/*.ts', '!**/*.test.ts'],
  { query: '?raw', import: 'default', eager: true },
);

const PREFIX = '../../../';

/** The bundled sources, by path from the repository root ("engine/core/rng.ts"). */
export const librarySources: ReadonlyMap<string, string> = new Map(
  Object.entries(bundled).map(([key, text]) => [key.startsWith(PREFIX) ? key.slice(PREFIX.length) : key, text]),
);

export const readLibrarySource: ReadSource = (repoPath) => {
  const text = librarySources.get(repoPath);
  if (text === undefined) throw new Error(`"${repoPath}" is not among the library sources the app bundles (renderer/src/typescript/library-sources.ts)`);
  return text;
};
