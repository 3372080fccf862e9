import { useMemo } from 'react';
import { parseMarkdown, type Inline } from './markdown.js';

/** Node docs as React elements: text stays text, so a doc string can never inject HTML. */
export function Markdown({ source, className, testId }: { source: string; className?: string; testId?: string }) {
  const blocks = useMemo(() => parseMarkdown(source), [source]);
  return (
    <div className={className} data-testid={testId}>
      {blocks.map((b, i) =>
        b.kind === 'paragraph' ? (
          <p key={i}>{renderInline(b.content)}</p>
        ) : b.ordered ? (
          <ol key={i}>{b.items.map((item, j) => <li key={j}>{renderInline(item)}</li>)}</ol>
        ) : (
          <ul key={i}>{b.items.map((item, j) => <li key={j}>{renderInline(item)}</li>)}</ul>
        ),
      )}
    </div>
  );
}

function renderInline(nodes: Inline[]) {
  return nodes.map((n, i) => {
    switch (n.kind) {
      case 'text':
        return <span key={i}>{n.text}</span>;
      case 'code':
        return <code key={i}>{n.text}</code>;
      case 'strong':
        return <strong key={i}>{renderInline(n.children)}</strong>;
      case 'em':
        return <em key={i}>{renderInline(n.children)}</em>;
    }
  });
}
