import type { Diagnostic } from '../../../engine/core/diagnostics.js';
import type { GraphDocument } from '../../../engine/core/graph-document.js';
import { jsonValueSpans, lineColumn, spanOf, type JsonPath, type Span } from './json-paths.js';

export interface TextMarker {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
  message: string;
  severity: 'error' | 'warning';
}

/**
 * The graph's problems as marks on its JSON text: a bad setting on its value, a port problem on
 * the edge into that port (else on the node), any other node problem on the node's id, a problem
 * of the graph as a whole on its first line.
 */
export function diagnosticMarkers(text: string, doc: GraphDocument, diagnostics: readonly Diagnostic[]): TextMarker[] {
  const spans = jsonValueSpans(text);
  const nodeIndex = new Map(doc.nodes.map((n, i) => [n.id, i]));
  const where = (d: Diagnostic): Span | undefined => {
    if (d.nodeId === null) return undefined;
    const i = nodeIndex.get(d.nodeId);
    if (i === undefined) return undefined;
    const node: JsonPath = ['nodes', i];
    if (d.param) return spanOf(spans, [...node, 'params', d.param]) ?? spanOf(spans, [...node, 'params']) ?? spanOf(spans, [...node, 'id']);
    if (d.port) {
      const e = doc.edges.findIndex((x) => x.to.node === d.nodeId && x.to.port === d.port);
      if (e >= 0) return spanOf(spans, ['edges', e]);
    }
    return spanOf(spans, [...node, 'id']);
  };
  return diagnostics.map((d) => {
    const span = where(d) ?? { start: 0, end: 1 };
    const a = lineColumn(text, span.start);
    const b = lineColumn(text, span.end);
    const what = d.nodeId ? `node ${d.nodeId}${d.param ? `, setting "${d.param}"` : d.port ? `, port "${d.port}"` : ''}: ` : '';
    return { startLineNumber: a.line, startColumn: a.column, endLineNumber: b.line, endColumn: b.column, message: what + d.message, severity: d.severity === 'warning' ? 'warning' : 'error' };
  });
}
