import { useEffect, useMemo, useRef, useState } from 'react';
import type { GraphDocument } from '../../../engine/core/graph-document.js';
import type { Diagnostic } from '../../../engine/core/diagnostics.js';
import type { Analysis } from '../../../engine/analysis/validate.js';
import { formatBytes, formatCount } from '../../../engine/analysis/size-estimate.js';
import type { NodeRegistry } from '../../../engine/registry/registry.js';
import { describeType } from '../../../engine/core/tensor-type.js';
import { graphStore, registry as appRegistry, useGraph, type GraphStore } from '../document/graph-store.js';
import { setNoteText, setParams } from '../document/edits.js';
import { inspectNode, type NodeInspection, type PortView } from './inspector-model.js';
import { ParamRow, type FieldEditor } from './ParamForm.js';
import { Markdown } from '../markdown/Markdown.js';
import './inspector.css';

export interface InspectorProps {
  /** the selected node or note; null shows a hint */
  nodeId: string | null;
  /** the host's file picker (Electron dialog, browser file input); sets a path setting */
  onPickFile?: () => Promise<{ name: string } | null>;
  /** defaults to the app's document store */
  store?: GraphStore;
}

/**
 * How the form edits the document: every keystroke is saved (a run of typing into one setting is
 * one undo step), a choice or a reset is a step of its own, a picked file sets the path.
 */
export function fieldEditor(
  store: GraphStore,
  nodeId: string,
  onPickFile?: () => Promise<{ name: string } | null>,
  onPickError?: (message: string | null) => void,
): FieldEditor {
  return {
    set: (name, value, typing) => store.edit((d) => setParams(d, nodeId, { [name]: value }), typing ? `params:${nodeId}:${name}` : null),
    reset: (name) => store.edit((d) => setParams(d, nodeId, { [name]: undefined })),
    pickFile: onPickFile
      ? (name) => {
          onPickError?.(null);
          return onPickFile().then(
            (file) => {
              if (file) store.edit((d) => setParams(d, nodeId, { [name]: file.name }));
            },
            (e: unknown) => onPickError?.(`could not open the file picker: ${e instanceof Error ? e.message : String(e)}`),
          );
        }
      : undefined,
  };
}

/** The selected node's settings, problems, ports and docs; or the selected note's text. */
export function Inspector({ nodeId, onPickFile, store = graphStore }: InspectorProps) {
  const doc = useGraph((s) => s.history.doc, store);
  const analysis = useGraph((s) => s.analysis, store);
  const [pickError, setPickError] = useState<string | null>(null);
  useEffect(() => setPickError(null), [nodeId]);
  const editor = useMemo(() => (nodeId ? fieldEditor(store, nodeId, onPickFile, setPickError) : null), [nodeId, onPickFile, store]);
  return (
    <InspectorView
      doc={doc}
      analysis={analysis}
      registry={appRegistry}
      nodeId={nodeId}
      editor={editor}
      notice={pickError}
      onNoteText={(id, text) => store.edit((d) => setNoteText(d, id, text), `note:${id}`)}
    />
  );
}

export interface InspectorViewProps {
  doc: GraphDocument;
  analysis: Pick<Analysis, 'diagnostics' | 'nodes' | 'sizes'>;
  registry: NodeRegistry;
  nodeId: string | null;
  editor: FieldEditor | null;
  onNoteText(id: string, text: string): void;
  /** a problem to show above the form (a file picker that failed) */
  notice?: string | null;
}

/** The inspector without the store: what it renders follows from these props alone. */
export function InspectorView({ doc, analysis, registry, nodeId, editor, onNoteText, notice }: InspectorViewProps) {
  const inspection = useMemo(() => (nodeId ? inspectNode(doc, analysis, registry, nodeId) : null), [doc, analysis, registry, nodeId]);
  const note = nodeId && !inspection ? doc.notes.find((n) => n.id === nodeId) : undefined;

  if (note) {
    return (
      <aside className="inspector" data-testid="inspector">
        <header className="inspector__header">
          <h2 className="inspector__title" data-testid="inspector-title">
            Note
          </h2>
          <div className="inspector__meta">
            <span className="inspector__id">{note.id}</span>
          </div>
        </header>
        <section className="inspector__section">
          <textarea
            className="inspector__note"
            data-testid="note-text"
            aria-label="Note text"
            value={note.text}
            rows={10}
            onChange={(e) => onNoteText(note.id, e.target.value)}
          />
        </section>
      </aside>
    );
  }

  if (!inspection || !editor) {
    return (
      <aside className="inspector inspector--empty" data-testid="inspector">
        <p className="inspector__placeholder">{nodeId ? `Nothing called "${nodeId}" is in the graph.` : 'Select a node to see its settings and docs.'}</p>
      </aside>
    );
  }

  return <NodeInspector key={inspection.node.id} inspection={inspection} editor={editor} notice={notice} />;
}

function NodeInspector({ inspection, editor, notice }: { inspection: NodeInspection; editor: FieldEditor; notice?: string | null }) {
  const { node, def, fields, diagnostics, settingsIssues } = inspection;
  const root = useRef<HTMLElement>(null);
  const focusParam = (param: string) => {
    const el = root.current?.querySelector<HTMLElement>(`[data-testid="param-${CSS.escape(param)}"]`);
    el?.focus();
    el?.scrollIntoView({ block: 'nearest' });
  };
  const visible = fields.filter((f) => f.applies);
  const hidden = fields.filter((f) => !f.applies);
  return (
    <aside className="inspector" data-testid="inspector" ref={root}>
      <header className="inspector__header">
        <h2 className="inspector__title" data-testid="inspector-title">
          {def?.title ?? 'Unknown node'}
        </h2>
        <div className="inspector__meta">
          <span className="inspector__type" title="node type">
            {node.type}
          </span>
          <span className="inspector__id" title="node id">
            {node.id}
          </span>
          {def && <span className={`inspector__family inspector__family--${def.family}`}>{def.family}</span>}
        </div>
      </header>

      {(diagnostics.length > 0 || notice) && (
        <section className="inspector__section inspector__diagnostics" data-testid="inspector-diagnostics">
          <ul>
            {notice && <li className="diag diag--error">{notice}</li>}
            {diagnostics.map((d, i) => (
              <DiagnosticItem key={i} d={d} onFocus={focusParam} />
            ))}
          </ul>
        </section>
      )}

      <section className="inspector__section">
        <h3 className="inspector__heading">Settings</h3>
        {settingsIssues
          .filter((m) => !diagnostics.some((d) => d.message === m))
          .map((m, i) => (
            <div key={i} className="param__error">
              {m}
            </div>
          ))}
        {fields.length === 0 ? (
          <p className="inspector__muted">{def ? 'This node has no settings.' : `"${node.type}" is not a node type this app knows; its settings are kept as they are.`}</p>
        ) : (
          <div className="inspector__form">
            {visible.map((s) => (
              <ParamRow key={s.field.name} state={s} editor={editor} />
            ))}
            {hidden.length > 0 && (
              <p className="inspector__muted inspector__hidden-note">
                {hidden.map((s) => s.field.name).join(', ')}: only used when {hidden[0]!.field.when?.param} is "{String(hidden[0]!.field.when?.equals)}".
              </p>
            )}
          </div>
        )}
      </section>

      {inspection.size && <SizeSection size={inspection.size} />}

      {def && (def.inputs.length > 0 || def.outputs.length > 0) && (
        <section className="inspector__section">
          <h3 className="inspector__heading">Ports</h3>
          <PortList title="Inputs" ports={inspection.inputs} />
          <PortList title="Outputs" ports={inspection.outputs} />
        </section>
      )}

      {def?.docs && (
        <section className="inspector__section">
          <h3 className="inspector__heading">About</h3>
          <Markdown source={def.docs} className="inspector__docs" testId="inspector-docs" />
        </section>
      )}
    </aside>
  );
}

function DiagnosticItem({ d, onFocus }: { d: Diagnostic; onFocus(param: string): void }) {
  const where = d.param ? `setting "${d.param}"` : d.port ? `port "${d.port}"` : null;
  return (
    <li className={`diag diag--${d.severity}`}>
      <span className="diag__icon" aria-hidden>
        {d.severity === 'error' ? '●' : '▲'}
      </span>
      <span className="diag__text">
        {where &&
          (d.param ? (
            <button type="button" className="diag__where" onClick={() => onFocus(d.param!)}>
              {where}
            </button>
          ) : (
            <span className="diag__where">{where}</span>
          ))}
        {where ? ': ' : ''}
        {d.message}
      </span>
    </li>
  );
}

function PortList({ title, ports }: { title: string; ports: PortView[] }) {
  if (ports.length === 0) return null;
  return (
    <div className="ports">
      <div className="ports__title">{title}</div>
      <ul className="ports__list">
        {ports.map((p) => (
          <li key={p.name} className="port">
            <div className="port__head">
              <code className="port__name">{p.name}</code>
              <span className="port__type">{describeType(p.type)}</span>
              {p.optional && <span className="port__optional">optional</span>}
            </div>
            {p.doc && <div className="port__doc">{p.doc}</div>}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What the node weighs and what a training step of it takes, beside the whole graph's. */
function SizeSection({ size }: { size: NonNullable<NodeInspection['size']> }) {
  const { node, graph } = size;
  const share = graph.stepBytes > 0 ? Math.round((100 * node.stepBytes) / graph.stepBytes) : 0;
  return (
    <section className="inspector__section" data-testid="inspector-size">
      <h3 className="inspector__heading">Size</h3>
      <dl className="inspector__size">
        <dt>weights</dt>
        <dd data-testid="size-parameters">{node.parameters === null ? 'not known before the data is read' : `${formatCount(node.parameters)} of the graph's ${formatCount(graph.parameters)}`}</dd>
        {node.largest && (
          <>
            <dt>largest tensor</dt>
            <dd data-testid="size-largest">
              {node.largest.what}, {formatBytes(node.largest.elements * 4)}
            </dd>
          </>
        )}
        <dt>a training step</dt>
        <dd data-testid="size-step" title="weights, their gradients and Adam's two moments, plus the activations kept for the backward pass; tfjs's temporaries come on top">
          about {formatBytes(node.stepBytes)} ({share}% of the graph's {formatBytes(graph.stepBytes)})
        </dd>
      </dl>
      {graph.assumed.length > 0 && <p className="inspector__muted">Assuming {graph.assumed.join('; ')}.</p>}
    </section>
  );
}
