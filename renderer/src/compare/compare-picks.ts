import type { GraphDocument } from '../../../engine/core/graph-document.js';
import { formatDiagnostic } from '../../../engine/core/diagnostics.js';
import { validateGraph } from '../../../engine/analysis/validate.js';
import type { NodeRegistry } from '../../../engine/registry/registry.js';
import { savedRunBlock } from '../run/saved-run-check.js';
import type { CompareGraphInput } from './compare-events.js';

/**
 * The graphs a compare can take: the samples (named as the CLI names them, samples/<name>.graph.json),
 * graph files, and the graph open in the editor. Their problems are found here, before the
 * compare starts, with the same checks the editor shows; what only training finds (a file the
 * app has not been given) is reported by the worker, naming the graph.
 */

export interface GraphPick extends CompareGraphInput {
  origin: 'sample' | 'file' | 'open graph';
}

export const sampleSource = (file: string) => `samples/${file}`;

/** The source an unsaved open graph is listed by: its name, marked as the open graph. */
export const openGraphSource = (name: string) => `${name} (open graph)`;

/**
 * Where a graph of a saved comparison came from, told by its source (the comparison keeps the
 * graphs, not how they were added): an unsaved open graph's is marked; a saved one's is its file.
 */
export function restoredOrigin(source: string): 'open graph' | 'file' {
  return /\(open graph\)(?: \(\d+\))?$/.test(source) ? 'open graph' : 'file';
}

/** `source`, or `source (2)`, `(3)` ... so that no two rows of the table share a name. */
export function uniqueSource(source: string, taken: readonly string[]): string {
  if (!taken.includes(source)) return source;
  for (let k = 2; ; k++) if (!taken.includes(`${source} (${k})`)) return `${source} (${k})`;
}

/** What stops this graph from training, in the editor's words; empty when nothing does. */
export function graphProblems(doc: GraphDocument, registry: NodeRegistry): string[] {
  const errors = validateGraph(doc, registry)
    .filter((d) => d.severity === 'error')
    .map(formatDiagnostic);
  const folder = savedRunBlock(doc, registry);
  return folder ? [...errors, folder] : errors;
}

/** The graphs to compare, samples first in gallery order, then the others in the order added. */
export function chosenGraphs(samples: readonly { file: string; doc: GraphDocument }[], picked: ReadonlySet<string>, extra: readonly GraphPick[]): GraphPick[] {
  return [...samples.filter((s) => picked.has(s.file)).map((s): GraphPick => ({ source: sampleSource(s.file), doc: s.doc, origin: 'sample' })), ...extra];
}
