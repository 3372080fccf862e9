import type { Sample } from '../gallery/samples.js';
import type { GraphPick } from './compare-picks.js';

export interface GraphPickerProps {
  samples: readonly Sample[];
  picked: ReadonlySet<string>;
  extra: readonly GraphPick[];
  /** what stops each chosen graph from training, by source */
  problems: ReadonlyMap<string, string[]>;
  disabled: boolean;
  onToggleSample(file: string): void;
  onAddFile(): void;
  onAddOpenGraph(): void;
  onRemove(source: string): void;
}

/** Which graphs to compare: the samples as checkboxes, then graph files and the open graph as added. */
export function GraphPicker({ samples, picked, extra, problems, disabled, onToggleSample, onAddFile, onAddOpenGraph, onRemove }: GraphPickerProps) {
  return (
    <fieldset className="compare-picker" data-testid="compare-picker" disabled={disabled}>
      <legend>Graphs</legend>
      <ul className="compare-pick-list">
        {samples.map((s) => {
          const name = s.file.replace(/\.graph\.json$/, '');
          const issues = problems.get(`samples/${s.file}`) ?? [];
          return (
            <li key={s.file}>
              <label title={s.about}>
                <input type="checkbox" checked={picked.has(s.file)} onChange={() => onToggleSample(s.file)} data-testid={`compare-sample-${name}`} />
                <span className="compare-pick-name">{name}</span>
                <span className="compare-muted">{s.doc.name}</span>
              </label>
              <Problems issues={issues} />
            </li>
          );
        })}
        {extra.map((g) => (
          <li key={g.source} data-testid="compare-extra">
            <span className="compare-pick-added">
              <span className="compare-pick-name">{g.source}</span>
              <span className="compare-muted">
                {g.origin}: {g.doc.name}
              </span>
              <button type="button" className="compare-link" onClick={() => onRemove(g.source)} aria-label={`Remove ${g.source}`} title="Remove from the compare">
                Remove
              </button>
            </span>
            <Problems issues={problems.get(g.source) ?? []} />
          </li>
        ))}
      </ul>
      <div className="compare-pick-actions">
        <button type="button" onClick={onAddFile} data-testid="compare-add-file">
          Add a graph file…
        </button>
        <button type="button" onClick={onAddOpenGraph} data-testid="compare-add-open" title="The graph open in the editor, as it is now (saved or not)">
          Add the open graph
        </button>
      </div>
    </fieldset>
  );
}

function Problems({ issues }: { issues: readonly string[] }) {
  if (!issues.length) return null;
  return (
    <ul className="compare-pick-problems" role="alert">
      {issues.map((p) => (
        <li key={p}>{p}</li>
      ))}
    </ul>
  );
}
