import { useMemo, useState } from 'react';
import type { Family, NodeDefinition } from '../../../engine/registry/define-node.js';
import { registry } from '../document/graph-store.js';
import { NODE_DRAG_TYPE } from '../canvas/GraphCanvas.js';
import { searchNodes } from './search.js';
import './palette.css';

const FAMILY_TITLES: Record<Family, string> = {
  data: 'Data',
  tokenizer: 'Tokenizers',
  batching: 'Batching',
  masking: 'Masking & corruption',
  'noise-schedule': 'Noise schedules',
  model: 'Model',
  loss: 'Losses',
  training: 'Training',
  eval: 'Outputs',
  checkpoint: 'Checkpoints',
};

/** Every registered node type by family, searchable; drag one onto the canvas, or click to add it. */
export function Palette({ onAdd }: { onAdd(type: string): void }) {
  const [query, setQuery] = useState('');
  const defs = useMemo(() => searchNodes(registry.all(), query), [query]);
  const groups = useMemo(() => {
    const m = new Map<Family, NodeDefinition[]>();
    for (const d of defs) m.set(d.family, [...(m.get(d.family) ?? []), d]);
    return [...m];
  }, [defs]);
  return (
    <aside className="palette" data-testid="palette">
      <input className="palette-search" placeholder="Search nodes…" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="palette-search" />
      <div className="palette-groups">
        {groups.map(([family, list]) => (
          <section key={family}>
            <h3>{FAMILY_TITLES[family]}</h3>
            {list.map((d) => (
              <div
                key={d.type}
                className={`palette-item family-${d.family}`}
                draggable
                title={d.docs.split('\n\n')[0]}
                data-testid={`palette-item-${d.type}`}
                onDragStart={(e) => {
                  e.dataTransfer.setData(NODE_DRAG_TYPE, d.type);
                  e.dataTransfer.effectAllowed = 'copy';
                }}
                onDoubleClick={() => onAdd(d.type)}
              >
                <span className="family-dot" /> {d.title}
              </div>
            ))}
          </section>
        ))}
        {groups.length === 0 && <p className="palette-empty">No node matches “{query}”.</p>}
      </div>
    </aside>
  );
}
