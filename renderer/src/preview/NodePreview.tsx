import { useEffect, useMemo, useState } from 'react';
import { graphStore, registry, useGraph, type GraphStore } from '../document/graph-store.js';
import type { TrainingClient } from '../run/training-client.js';
import { isPreviewable, previewSections, upstreamKey, type BatchView, type PreviewSection, type TensorSummary, type TokenChip } from './preview-model.js';
import { IDLE_PREVIEW, PreviewRequests, type PreviewState } from './preview-request.js';
import { ExamplesSection, ImagesSection } from './ImagePreview.js';
import './preview.css';

export interface NodePreviewProps {
  /** whatever runs the pipeline (the training worker); null while there is none */
  client: Pick<TrainingClient, 'preview'> | null;
  nodeId: string | null;
  /** defaults to the app's document store */
  store?: GraphStore;
  /** wait this long after the last change before asking (default 300 ms) */
  debounceMs?: number;
}

/**
 * What a data, tokenizer, batching or masking node produces on one real batch, recomputed a
 * moment after anything it depends on changes. Renders nothing for other nodes.
 */
export function NodePreview({ client, nodeId, store = graphStore, debounceMs = 300 }: NodePreviewProps) {
  const doc = useGraph((s) => s.history.doc, store);
  const analysis = useGraph((s) => s.analysis, store);
  const node = nodeId ? doc.nodes.find((n) => n.id === nodeId) : undefined;
  const previewable = isPreviewable(node ? registry.get(node.type) : undefined);
  // A node that is broken, or fed by something broken, has no outputs in the analysis.
  const ready = previewable && !!nodeId && analysis.nodes.get(nodeId)?.outputs !== undefined;
  const key = ready && client && nodeId ? upstreamKey(doc, nodeId) : null;

  const [state, setState] = useState<PreviewState>(IDLE_PREVIEW);
  const requests = useMemo(() => new PreviewRequests(setState, debounceMs), [debounceMs]);
  useEffect(() => {
    if (key === null || !client || !nodeId) {
      // While a setting is being retyped the node is briefly invalid: keep the last result (shown
      // dimmed, as stale) rather than blanking the panel on every keystroke.
      if (previewable && client && nodeId) requests.cancel();
      else requests.clear();
      return;
    }
    // `doc` is the document as of this key: later changes that matter change the key.
    requests.request(key, nodeId, () => client.preview(doc, nodeId));
    return () => requests.cancel();
  }, [key, client, nodeId, previewable, requests]);
  useEffect(() => () => requests.cancel(), [requests]);

  if (!previewable || !nodeId) return null;
  const result = state.result?.nodeId === nodeId ? state.result : null;
  return (
    <NodePreviewView
      key={nodeId}
      nodeId={nodeId}
      state={{ ...state, result }}
      notice={!client ? 'The preview needs the training worker, which is not running.' : !ready ? 'Fix the problems marked on this node, or upstream of it, to see what it produces.' : null}
    />
  );
}

export interface NodePreviewViewProps {
  nodeId: string;
  state: PreviewState;
  /** why there is no preview to ask for */
  notice?: string | null;
}

/** The preview as drawn from a state: no store, no client. */
export function NodePreviewView({ state, notice }: NodePreviewViewProps) {
  const [row, setRow] = useState(0);
  const sections = useMemo(() => (state.result ? previewSections(state.result, row) : []), [state.result, row]);
  return (
    <section className={`preview${state.loading ? ' preview--loading' : ''}`} data-testid="node-preview" aria-busy={state.loading}>
      <header className="preview__header">
        <h3 className="preview__heading">Preview</h3>
        <span className="preview__sub">one real batch</span>
        {state.loading && (
          <span className="preview__spinner" role="status">
            running…
          </span>
        )}
      </header>
      {notice && <p className="preview__notice">{notice}</p>}
      {!notice && state.error && (
        <p className="preview__error" role="alert" data-testid="preview-error">
          {state.error}
        </p>
      )}
      {!notice && !state.error && !state.result && state.loading && <p className="preview__notice">Running the data pipeline up to this node…</p>}
      {sections.length > 0 && (
        <div className={`preview__body${notice ? ' preview__body--stale' : ''}`} title={notice ? 'the last preview, from before the current problem' : undefined}>
          {sections.map((s, i) => (
            <Section key={i} section={s} onRow={setRow} />
          ))}
        </div>
      )}
      {!notice && state.result && sections.length === 0 && <p className="preview__notice">This node produced nothing to show.</p>}
    </section>
  );
}

function Section({ section, onRow }: { section: PreviewSection; onRow(row: number): void }) {
  switch (section.kind) {
    case 'text':
      return (
        <div className="preview__section">
          <div className="preview__label">
            <code>{section.port}</code> text
          </div>
          <pre className="preview__text">
            {section.text.value}
            {section.text.hidden > 0 && <span className="preview__more"> … {section.text.hidden.toLocaleString('en-US')} more characters</span>}
          </pre>
        </div>
      );
    case 'corpus': {
      const c = section.corpus;
      const total = c.trainChars + c.valChars;
      const pct = (n: number) => `${Math.round((100 * n) / Math.max(1, total))}%`;
      return (
        <div className="preview__section" data-testid="preview-corpus">
          <div className="preview__label">
            <code>{section.port}</code> {total.toLocaleString('en-US')} characters in {c.documents.toLocaleString('en-US')} document{c.documents === 1 ? '' : 's'}
          </div>
          <p className="preview__summary" data-testid="preview-split">
            {c.shared
              ? 'Training and held-out use this same text.'
              : `${c.trainChars.toLocaleString('en-US')} characters for training (${pct(c.trainChars)}), ${c.valChars.toLocaleString('en-US')} held out (${pct(c.valChars)}), never trained on.`}
          </p>
          <div className="preview__label">a passage from the training text, at character {c.passageAt.toLocaleString('en-US')}</div>
          <pre className="preview__text" data-testid="preview-passage">
            {section.passage.value}
            {section.passage.hidden > 0 && <span className="preview__more"> …</span>}
          </pre>
          {!c.shared && (
            <>
              <div className="preview__label">the held-out text begins</div>
              <pre className="preview__text preview__text--short">
                {section.heldOut.value}
                {section.heldOut.hidden > 0 && <span className="preview__more"> …</span>}
              </pre>
            </>
          )}
        </div>
      );
    }
    case 'images':
      return <ImagesSection port={section.port} images={section.images} />;
    case 'examples':
      return <ExamplesSection view={section.view} />;
    case 'tokens':
      return (
        <div className="preview__section">
          <div className="preview__label" data-testid="preview-tokens-summary">
            <code>{section.port}</code> {section.total.toLocaleString('en-US')} tokens of training text
            {section.vocabularySize !== undefined && `, from a vocabulary of ${section.vocabularySize.toLocaleString('en-US')}`}
            {section.charsPerToken > 0 && ` · ${section.charsPerToken.toFixed(section.charsPerToken < 1.05 ? 0 : 1)} character${section.charsPerToken < 1.05 ? '' : 's'} a token`}
          </div>
          <p className="preview__summary">The text as the model reads it, token by token (shading alternates at each boundary):</p>
          <div className="preview__chips">
            {section.chips.value.map((c, i) => (
              <Chip key={i} chip={c} />
            ))}
            {section.chips.hidden > 0 && <span className="preview__more">… {section.chips.hidden.toLocaleString('en-US')} more</span>}
          </div>
        </div>
      );
    case 'batch':
      return <Batch view={section.view} onRow={onRow} />;
    case 'tensor':
      return <Tensor summary={section.summary} />;
  }
}

function Chip({ chip }: { chip: TokenChip }) {
  return (
    <span
      className={`tok tok--shade-${chip.shade}${chip.special ? ' tok--special' : ''}`}
      data-testid="preview-token"
      title={`${JSON.stringify(chip.text)}${chip.id !== undefined ? ` (id ${chip.id})` : ''}`}
    >
      {chip.label}
    </span>
  );
}

const LINE_NAMES: Record<string, string> = {
  'token-ids': 'what the model sees',
  targets: 'what it must predict at each position',
  'loss-weights': 'how much the loss counts each position',
};

function Batch({ view, onRow }: { view: BatchView; onRow(row: number): void }) {
  return (
    <div className="preview__section">
      <div className="preview__label preview__rowbar">
        <span>
          row {view.row + 1} of {view.rows} · {view.length} positions
        </span>
        {view.rows > 1 && (
          <span className="preview__rownav">
            <button type="button" aria-label="Previous row" disabled={view.row === 0} onClick={() => onRow(view.row - 1)}>
              ‹
            </button>
            <button type="button" aria-label="Next row" disabled={view.row >= view.rows - 1} onClick={() => onRow(view.row + 1)}>
              ›
            </button>
          </span>
        )}
      </div>
      <p className="preview__summary">{view.summary}</p>
      {view.lines.length > 1 && (
        <ul className="preview__legend">
          {view.lines.map((l) => (
            <li key={l.port}>
              <code>{l.port}</code> {LINE_NAMES[l.role] ?? l.role}
            </li>
          ))}
          {view.weighted && (
            <li className="preview__legend-key">
              <span className="pcol pcol--masked preview__swatch" /> scored <span className="preview__swatch preview__swatch--dim" /> ignored (weight 0)
            </li>
          )}
        </ul>
      )}
      <div className={`preview__batch preview__batch--${view.lines.length}`}>
        {view.columns.map((c) => (
          <div
            key={c.position}
            className={`pcol pcol--shade-${c.position % 2}${c.masked ? ' pcol--masked' : ''}`}
            data-testid={c.masked ? 'preview-masked' : undefined}
            title={`position ${c.position}${c.masked ? ' · scored' : ''}`}
          >
            {view.lines.map((l) => {
              const cell = c.cells[l.port]!;
              return (
                <span
                  key={l.port}
                  className={`pcell pcell--${l.kind} pcell--${l.role}${cell.special ? ' pcell--special' : ''}${cell.changed ? ' pcell--changed' : ''}${cell.dim ? ' pcell--dim' : ''}`}
                  data-testid={l.kind === 'ids' ? 'preview-token' : undefined}
                  title={cell.title}
                >
                  {cell.label}
                </span>
              );
            })}
          </div>
        ))}
        {view.hidden > 0 && <span className="preview__more preview__more--batch">… {view.hidden} more positions</span>}
      </div>
    </div>
  );
}

function Tensor({ summary }: { summary: TensorSummary }) {
  return (
    <div className="preview__section">
      <div className="preview__label">
        <code>{summary.port}</code> {summary.role} · {summary.dtype} [{summary.shape.join(', ')}]
      </div>
      <div className="preview__values">
        {summary.values.join(', ')}
        {summary.hidden > 0 && <span className="preview__more"> … {summary.hidden.toLocaleString('en-US')} more</span>}
      </div>
    </div>
  );
}
