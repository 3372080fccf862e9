import { useGraph } from '../document/graph-store.js';
import { viewStore } from '../view/view-store.js';
import { formatDiagnostic } from '../../../engine/core/diagnostics.js';
import './problems.css';

/** Every problem the engine finds in the graph; clicking one selects its node. */
export function ProblemsList() {
  const diagnostics = useGraph((s) => s.analysis.diagnostics);
  if (diagnostics.length === 0) return <div className="problems empty" data-testid="problems">No problems: the graph is ready to train.</div>;
  return (
    <ul className="problems" data-testid="problems">
      {diagnostics.map((d, i) => (
        <li
          key={i}
          className={d.severity}
          data-testid="problem"
          onClick={() => d.nodeId && viewStore.select([d.nodeId])}
          title={d.nodeId ? 'select this node' : undefined}
        >
          <span className="severity">{d.severity === 'error' ? '●' : '▲'}</span> {formatDiagnostic(d)}
        </li>
      ))}
    </ul>
  );
}
