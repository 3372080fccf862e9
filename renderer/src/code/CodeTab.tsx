import { useEffect, useRef, useState } from 'react';
import Editor, { type OnMount } from '@monaco-editor/react';
import { monaco } from './monaco-setup.js';
import { graphStore, useGraph } from '../document/graph-store.js';
import { DocumentError, parseGraph, serializeGraph } from '../../../engine/core/serialize.js';
import { useView } from '../view/view-store.js';
import { jsonLocation } from './json-location.js';
import './code.css';

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
  const [status, setStatus] = useState<{ ok: boolean; text: string }>({ ok: true, text: 'in sync with the canvas' });

  // The canvas changed the graph: show it, unless the editor already holds that document.
  useEffect(() => {
    const text = serializeGraph(doc);
    if (text === lastApplied.current) return;
    lastApplied.current = text;
    const model = editor.current?.getModel();
    if (model && model.getValue() !== text) model.setValue(text);
    setStatus({ ok: true, text: 'in sync with the canvas' });
  }, [doc]);

  const onChange = (text: string | undefined) => {
    const model = editor.current?.getModel();
    if (text === undefined || !model) return;
    try {
      const parsed = parseGraph(text);
      monaco.editor.setModelMarkers(model, 'graph', []);
      const canonical = serializeGraph(parsed);
      if (canonical !== serializeGraph(graphStore.doc)) {
        lastApplied.current = canonical;
        graphStore.edit(() => parsed, 'code');
      }
      setStatus({ ok: true, text: 'valid: the canvas follows your edits' });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const at = jsonLocation(text, message);
      monaco.editor.setModelMarkers(model, 'graph', [
        { ...at, message, severity: monaco.MarkerSeverity.Error },
      ]);
      setStatus({ ok: false, text: e instanceof DocumentError ? message : `not applied: ${message}` });
    }
  };

  return (
    <div className="code-tab" data-testid="code-tab">
      <div className={`code-status ${status.ok ? 'ok' : 'bad'}`} data-testid="code-status">
        {status.text}
      </div>
      <Editor
        height="100%"
        defaultLanguage="json"
        defaultValue={lastApplied.current}
        theme={theme === 'dark' ? 'vs-dark' : 'vs'}
        onMount={(ed) => {
          editor.current = ed;
        }}
        onChange={onChange}
        options={{ minimap: { enabled: false }, fontSize: 12, tabSize: 2, scrollBeyondLastLine: false, automaticLayout: true, editContext: false } as never}
      />
    </div>
  );
}
