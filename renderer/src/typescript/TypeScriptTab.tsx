import { useEffect, useRef, useState } from 'react';
import Editor, { type OnMount } from '@monaco-editor/react';
import { graphStore, useGraph } from '../document/graph-store.js';
import { useView, viewStore } from '../view/view-store.js';
import { exportPytorch, exportTypeScript } from '../app/file-actions.js';
import { exportKey, programFor, type ProgramResult } from './program.js';
import { installTypeScriptLanguage, PROGRAM_URI } from './typescript-language.js';
import '../code/code.css';
import './typescript.css';

type CodeEditor = Parameters<OnMount>[0];
type Good = Extract<ProgramResult, { ok: true }>;

/** How long the graph must stay still before the program is written again. */
const DEBOUNCE_MS = 300;

void installTypeScriptLanguage();

/**
 * The graph as the standalone TypeScript program `pretrain-lab export` writes, read-only, with
 * tfjs's types on hover. It follows the graph (a pause after each change); while the next program
 * is written the last one stays, and when the graph cannot be exported the status line says
 * which node and why, and the last program stays greyed out below it.
 */
export default function TypeScriptTab() {
  const doc = useGraph((s) => s.history.doc);
  const theme = useView((s) => s.theme);
  const key = exportKey(doc);
  const [latest, setLatest] = useState<ProgramResult | null>(null);
  const [good, setGood] = useState<Good | null>(null);
  const [pending, setPending] = useState(true);
  const editor = useRef<CodeEditor | null>(null);
  const [editorReady, setEditorReady] = useState(false);
  const first = useRef(true);

  useEffect(() => {
    let current = true;
    setPending(true);
    const wait = first.current ? 0 : DEBOUNCE_MS;
    first.current = false;
    const timer = setTimeout(() => {
      void programFor(graphStore.doc).then((r) => {
        if (!current) return;
        setLatest(r);
        if (r.ok) setGood(r);
        setPending(false);
      });
    }, wait);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key]);

  // A new program: replace the text, keeping where the person was looking.
  useEffect(() => {
    const ed = editor.current;
    const model = ed?.getModel();
    if (!ed || !model || !good || model.getValue() === good.text) return;
    const view = ed.saveViewState();
    model.setValue(good.text);
    if (view) ed.restoreViewState(view);
  }, [good, editorReady]);

  const failed = latest && !latest.ok ? latest : null;
  return (
    <div className="code-tab ts-tab" data-testid="typescript-tab">
      <div className={`code-status ts-status ${failed ? 'bad' : 'ok'}`}>
        <span className="ts-status__text" data-testid="typescript-status" role="status">
          {statusText(latest, good, pending)}
        </span>
        {failed?.nodeId && (
          <button
            type="button"
            className="ts-status__button"
            onClick={() => {
              viewStore.select([failed.nodeId!]);
              viewStore.setTab('graph');
            }}
            data-testid="typescript-show-node"
          >
            Show node
          </button>
        )}
        <button
          type="button"
          className="ts-status__button primary"
          disabled={!latest?.ok || pending}
          title={failed ? `Fix the graph first: ${failed.problem}` : 'Save this program as a .ts file'}
          onClick={() => void exportTypeScript()}
          data-testid="export-ts"
        >
          Export .ts
        </button>
        <button
          type="button"
          className="ts-status__button"
          disabled={!latest?.ok || pending}
          title={
            failed ? `Fix the graph first: ${failed.problem}` : 'Save the same graph as a PyTorch program (nanoGPT style) with its data folder, to train with python3 on any machine or under torchrun'
          }
          onClick={() => void exportPytorch()}
          data-testid="export-py"
        >
          Export .py
        </button>
      </div>
      <div className={`ts-editor ${failed ? 'stale' : ''}`} data-testid="typescript-editor" aria-busy={pending}>
        <Editor
          height="100%"
          path={PROGRAM_URI}
          defaultLanguage="typescript"
          defaultValue={good?.text ?? ''}
          theme={theme === 'dark' ? 'vs-dark' : 'vs'}
          onMount={(ed) => {
            editor.current = ed;
            setEditorReady(true);
          }}
          options={
            {
              readOnly: true,
              domReadOnly: true,
              readOnlyMessage: { value: 'The program is written from the graph: change the graph, or export the program and edit it.' },
              minimap: { enabled: false },
              fontSize: 12,
              tabSize: 2,
              scrollBeyondLastLine: false,
              automaticLayout: true,
              editContext: false,
              renderValidationDecorations: 'on',
            } as never
          }
        />
      </div>
    </div>
  );
}

function statusText(latest: ProgramResult | null, good: Good | null, pending: boolean): string {
  if (latest && !latest.ok) return `Cannot export this graph: ${latest.problem}${good ? ' (showing the last program that could be written)' : ''}`;
  if (!good) return 'Writing the program…';
  if (pending) return 'Updating the program…';
  const lines = good.text.split('\n').length - 1;
  const omitted = good.omitted.length
    ? ` Not in it: ${good.omitted.map((o) => `${o.id} (${o.title})`).join(', ')}, output node${good.omitted.length === 1 ? '' : 's'} that only read${good.omitted.length === 1 ? 's' : ''} the trained model.`
    : '';
  return `${good.fileName}: a standalone training program, ${lines.toLocaleString('en')} lines, read-only.${omitted}`;
}
