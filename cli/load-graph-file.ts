import { readFile } from 'node:fs/promises';
import type { GraphDocument } from '../engine/core/graph-document.js';
import { formatDiagnostic, type Diagnostic } from '../engine/core/diagnostics.js';
import { DocumentError, parseGraph } from '../engine/core/serialize.js';

export type LoadResult = { ok: true; doc: GraphDocument } | { ok: false; diagnostics: Diagnostic[] };

/** Read and parse a graph file; every failure becomes a diagnostic, never an exception. */
export async function loadGraphFile(file: string): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a graph file' : (e as Error).message;
    return { ok: false, diagnostics: [{ nodeId: null, severity: 'error', message: `cannot read the file: ${why}` }] };
  }
  try {
    return { ok: true, doc: parseGraph(text) };
  } catch (e) {
    if (e instanceof DocumentError) return { ok: false, diagnostics: [{ nodeId: e.nodeId, severity: 'error', message: e.message }] };
    throw e;
  }
}

export function printDiagnostics(file: string, diagnostics: Diagnostic[], stream: NodeJS.WritableStream): void {
  for (const d of diagnostics) stream.write(`${file}: ${d.severity === 'warning' ? 'warning: ' : ''}${formatDiagnostic(d)}\n`);
}
