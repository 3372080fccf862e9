/// <reference lib="webworker" />
import type { GraphDocument } from '../../../engine/core/graph-document.js';
import { createRegistry } from '../../../graph-nodes/index.js';
import { buildProgram } from './build-program.js';

/**
 * Writes exported programs for the TypeScript tab (program.ts sends `{id, doc}`, gets back
 * `{id, result}`): the exporter, its bundled library sources and prettier, off the page's thread.
 */
const registry = createRegistry();

self.onmessage = async (e: MessageEvent<{ id: number; doc: GraphDocument }>) => {
  const result = await buildProgram(e.data.doc, registry);
  self.postMessage({ id: e.data.id, result });
};
