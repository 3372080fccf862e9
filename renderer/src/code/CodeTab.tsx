import { useEffect, useRef, useState } from 'react';
import Editor, { type OnMount } from '@monaco-editor/react';
import { monaco } from './monaco-setup.js';
import { graphStore, registry, useGraph } from '../document/graph-store.js';
import { parseGraph, serializeGraph } from '../../../engine/core/serialize.js';
import { analyzeGraph } from '../../../engine/analysis/validate.js';
import type { Diagnostic } from '../../../engine/core/diagnostics.js';
import type { GraphDocument } from '../../../engine/core/graph-document.js';
import { useView, viewStore } from '../view/view-store.js';
import { jsonLocation } from './json-location.js';
import { diagnosticMarkers } from './diagnostic-markers.js';
import './code.css';

type Status = { kind: 'ok' | 'warn' | 'bad'; text: string };

/** What the status line says of a document that parsed: in sync, or applied with the problems marked. */
function statusOf(diagnostics: readonly Diagnostic[], synced: string): Status {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0] ?? diagnostics[0];
  if (!first) return { kind: 'ok', text: synced };
  const where = first.nodeId ? `node ${first.nodeId}${first.param ? `, setting "${first.param}"` : ''}: ` : '';
  const count = errors.length ? `${errors.length} problem${errors.length === 1 ? '' : 's'}` : `${diagnostics.length} warning${diagnostics.length === 1 ? '' : 's'}`;
  return { kind: errors.length ? 'bad' : 'warn', text: `applied: the canvas follows your edits, with ${count} (marked in the text): ${where}${first.message}` };
}

type Editor = Parameters<OnMount>[0];

/**
 * The graph document as JSON. A valid edit replaces the document (one undo step per pause in
 * typing); an invalid one is marked in the editor and changes nothing, so nothing is lost either
 * way: the text stays as typed until it is fixed or the canvas changes the graph.
 */
export function CodeTab() {
  const doc = useGraph((s) => s.history.doc);
  const theme = useView((s) => s.theme);
  const editor = useRef<Editor | null>(null);
  const lastApplied = useRef<string>(serializeGraph(doc));
  const [status, setStatus] = useState<Status>({ kind: 'ok', text: 'in sync with the canvas' });
  /** the text does not parse: nothing of it is in the document yet */
  const unparsed = useRef<string | null>(null);

  /** Mark the document's problems on the text (settings out of range, unconnected inputs, ...). */
  const mark = (text: string, parsed: GraphDocument, synced: string) => {
    const model = editor.current?.getModel();
    const diagnostics = analyzeGraph(parsed, registry).diagnostics;
    if (model) {
      monaco.editor.setModelMarkers(
        model,
        'graph',
        diagnosticMarkers(text, parsed, diagnostics).map(({ severity, ...m }) => ({ ...m, severity: severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning })),
      );
    }
    setStatus(statusOf(diagnostics, synced));
  };

  // The canvas changed the graph: show it, unless the editor already holds that document.
  useEffect(() => {
    const text = serializeGraph(doc);
    if (text === lastApplied.current) return;
    lastApplied.current = text;
    unparsed.current = null;
    const model = editor.current?.getModel();
    if (model && model.getValue() !== text) model.setValue(text);
    mark(text, doc, 'in sync with the canvas');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc]);

  // Leaving the tab (or the graph) with text that does not parse would lose it: ask first.
  useEffect(
    () =>
      viewStore.guardLeaving(() => {
        if (unparsed.current === null) return true;
        return confirm(`The JSON has an error and was not applied (${unparsed.current}). Leave it and lose these edits?`);
      }),
    [],
  );

  const onChange = (text: string | undefined) => {
    const model = editor.current?.getModel();
    if (text === undefined || !model) return;
    let parsed: GraphDocument;
    try {
      parsed = parseGraph(text);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const at = jsonLocation(text, message);
      unparsed.current = `line ${at.startLineNumber}: ${message}`;
      monaco.editor.setModelMarkers(model, 'graph', [{ ...at, message, severity: monaco.MarkerSeverity.Error }]);
      setStatus({ kind: 'bad', text: `not applied: ${message}` });
      return;
    }
    unparsed.current = null;
    const canonical = serializeGraph(parsed);
    if (canonical !== serializeGraph(graphStore.doc)) {
      lastApplied.current = canonical;
      graphStore.edit(() => parsed, 'code');
    }
    mark(text, parsed, 'valid: the canvas follows your edits');
  };

  return (
    <div className="code-tab" data-testid="code-tab">
      <div className={`code-status ${status.kind}`} data-testid="code-status" data-status={status.kind}>
        {status.text}
      </div>
      <Editor
        height="100%"
        defaultLanguage="json"
        defaultValue={lastApplied.current}
        theme={theme === 'dark' ? 'vs-dark' : 'vs'}
        onMount={(ed) => {
          editor.current = ed;
          mark(lastApplied.current, graphStore.doc, 'in sync with the canvas');
        }}
        onChange={onChange}
        options={{ minimap: { enabled: false }, fontSize: 12, tabSize: 2, scrollBeyondLastLine: false, automaticLayout: true, editContext: false } as never}
      />
    </div>
  );
}
