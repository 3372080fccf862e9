import type { GraphDocument } from '../../../engine/core/graph-document.js';
import type { EvalOutput } from '../../../engine/registry/define-node.js';
import type { NodeOutput, RunError, RunState } from './run-state.js';
import { ImageGrid } from './ImageGrid.js';

function NodeName({ doc, nodeId, port, onSelectNode }: { doc: GraphDocument; nodeId: string; port?: string | undefined; onSelectNode(id: string): void }) {
  const node = doc.nodes.find((n) => n.id === nodeId);
  const label = port ? `${nodeId}.${port}` : nodeId;
  if (!node) return <code className="run-node-missing" title="This node is no longer in the graph">{label}</code>;
  return (
    <button type="button" className="run-node-link" data-testid="run-error-node" title={`Select ${node.type} "${nodeId}" on the canvas`} onClick={() => onSelectNode(nodeId)}>
      {label}
    </button>
  );
}

function ErrorLine({ err, doc, onSelectNode }: { err: RunError; doc: GraphDocument; onSelectNode(id: string): void }) {
  return (
    <li>
      {err.nodeId !== null ? (
        <>
          Node <NodeName doc={doc} nodeId={err.nodeId} port={err.port} onSelectNode={onSelectNode} />:{' '}
        </>
      ) : null}
      <span className="run-error-message">{err.message}</span>
      {err.step > 0 && <span className="run-muted"> (step {err.step})</span>}
      {err.nonFinite && err.nonFinite.nodeId !== err.nodeId && (
        <div className="run-muted">
          Non-finite values start at{' '}
          <NodeName doc={doc} nodeId={err.nonFinite.nodeId} port={err.nonFinite.port} onSelectNode={onSelectNode} /> ({err.nonFinite.kind}).
        </div>
      )}
    </li>
  );
}

/** What the data gave nodes to warn about when the run started (the run goes on). */
export function RunWarnings({ state, doc, onSelectNode }: { state: RunState; doc: GraphDocument; onSelectNode(id: string): void }) {
  if (state.warnings.length === 0) return null;
  return (
    <div className="run-warning" data-testid="run-warning" role="status">
      <ul>
        {state.warnings.map((w, i) => (
          <li key={i}>
            {w.nodeId !== null ? (
              <>
                Node <NodeName doc={doc} nodeId={w.nodeId} onSelectNode={onSelectNode} />:{' '}
              </>
            ) : null}
            {w.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A run's failure, said plainly; the graph is never changed by it. */
export function RunErrors({ state, doc, onSelectNode }: { state: RunState; doc: GraphDocument; onSelectNode(id: string): void }) {
  if (state.crash === null && state.errors.length === 0) return null;
  return (
    <div className="run-error" data-testid="run-error" role="alert">
      {state.crash !== null ? (
        <p>
          <strong>The training process crashed:</strong> {state.crash}
          <br />
          <span className="run-muted">
            Your graph is untouched{state.step > 0 ? `, and the curve up to step ${state.step} is kept` : ''}. Try a smaller model or batch, or another backend.
          </span>
        </p>
      ) : (
        <>
          <p>
            <strong>Training stopped with {state.errors.length === 1 ? 'an error' : `${state.errors.length} errors`}.</strong>{' '}
            <span className="run-muted">Your graph is untouched.</span>
          </p>
          <ul>
            {state.errors.map((err, i) => (
              <ErrorLine key={i} err={err} doc={doc} onSelectNode={onSelectNode} />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export function OutputBody({ output }: { output: EvalOutput }) {
  if (output.kind === 'text') return <pre className="run-output-text">{output.text}</pre>;
  if (output.kind === 'images') return <ImageGrid output={output} />;
  return (
    <div className="run-output-table-wrap">
      <table className="run-output-table">
        <thead>
          <tr>
            {output.columns.map((c, i) => (
              <th key={i}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {output.rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, c) => (
                // a row shorter than the header (e.g. "filled" + its text) spans the rest
                <td key={c} colSpan={c === row.length - 1 && row.length < output.columns.length ? output.columns.length - c : undefined}>
                  {typeof cell === 'number' ? cell.toLocaleString('en-US', { maximumFractionDigits: 4 }) : cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What the graph's eval nodes produced at their latest eval: text, tables, image grids. */
export function RunOutputs({ outputs, onSelectNode }: { outputs: Record<string, NodeOutput>; onSelectNode(id: string): void }) {
  const entries = Object.entries(outputs);
  return (
    <section className="run-outputs" data-testid="run-outputs" aria-label="Outputs">
      {entries.length === 0 ? (
        <p className="run-muted">Outputs of the graph's eval nodes (sampled text, fill-mask tables) appear here after each evaluation.</p>
      ) : (
        entries.map(([nodeId, { step, output }]) => (
          <article key={nodeId} className="run-output" data-testid="run-output" data-node-id={nodeId}>
            <header>
              <strong>{output.title}</strong>
              <span className="run-muted">
                {' '}
                from{' '}
                <button type="button" className="run-node-link" onClick={() => onSelectNode(nodeId)}>
                  {nodeId}
                </button>{' '}
                at step {step}
              </span>
            </header>
            <OutputBody output={output} />
          </article>
        ))
      )}
    </section>
  );
}
