import { useEffect, useMemo, useRef, useState } from 'react';
import type { NodeDefinition } from '../../../engine/registry/define-node.js';
import { searchNodes } from '../palette/search.js';

/** Double-click on empty canvas: type to find a node, Enter adds it where you clicked. */
export function QuickAdd({ at, defs, onPick, onClose }: { at: { x: number; y: number }; defs: readonly NodeDefinition[]; onPick(type: string): void; onClose(): void }) {
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const hits = useMemo(() => searchNodes(defs, query).slice(0, 8), [defs, query]);
  useEffect(() => input.current?.focus(), []);
  return (
    <div className="quick-add" style={{ left: at.x, top: at.y }} data-testid="quick-add" onMouseDown={(e) => e.stopPropagation()}>
      <input
        ref={input}
        value={query}
        placeholder="Add a node…"
        data-testid="quick-add-input"
        onChange={(e) => {
          setQuery(e.target.value);
          setIndex(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
          else if (e.key === 'ArrowDown') setIndex((i) => Math.min(i + 1, hits.length - 1));
          else if (e.key === 'ArrowUp') setIndex((i) => Math.max(i - 1, 0));
          else if (e.key === 'Enter' && hits[index]) onPick(hits[index]!.type);
        }}
        onBlur={() => setTimeout(onClose, 150)}
      />
      <ul>
        {hits.map((d, i) => (
          <li key={d.type} className={i === index ? 'active' : ''} onMouseDown={() => onPick(d.type)}>
            <span className={`family-dot family-${d.family}`} /> {d.title} <small>{d.family}</small>
          </li>
        ))}
        {hits.length === 0 && <li className="empty">no node matches “{query}”</li>}
      </ul>
    </div>
  );
}
