import type { GraphDocument } from '../../../engine/core/graph-document.js';
import { formatDiagnostic, GraphError, NodeRunError } from '../../../engine/core/diagnostics.js';
import { exportGraph } from '../../../engine/export/export-graph.js';
import { formatProgram } from '../../../engine/export/format-program.js';
import type { NodeRegistry } from '../../../engine/registry/registry.js';
import { programFileName } from '../platform/platform.js';
import { readLibrarySource } from './library-sources.js';
import type { ProgramResult } from './program.js';

/** Export and format a graph's program with the bundled library sources; never throws. */
export async function buildProgram(doc: GraphDocument, registry: NodeRegistry): Promise<ProgramResult> {
  const fileName = programFileName(doc.name);
  try {
    const exported = exportGraph(doc, { registry, read: readLibrarySource, fileName });
    const text = await formatProgram(exported.source);
    const title = (id: string) => registry.get(doc.nodes.find((n) => n.id === id)?.type ?? '')?.title ?? id;
    return { ok: true, text, fileName, omitted: exported.omitted.map((id) => ({ id, title: title(id) })) };
  } catch (e) {
    if (e instanceof GraphError) {
      const first = e.diagnostics[0];
      const more = e.diagnostics.length - 1;
      const problem = first ? formatDiagnostic(first) : e.message;
      return { ok: false, problem: more > 0 ? `${problem} (and ${more} more problem${more === 1 ? '' : 's'}: see Problems)` : problem, nodeId: first?.nodeId ?? null };
    }
    if (e instanceof NodeRunError) return { ok: false, problem: formatDiagnostic(e.toDiagnostic()), nodeId: e.nodeId };
    return { ok: false, problem: e instanceof Error ? e.message : String(e), nodeId: null };
  }
}
