import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { NODE_DEFINITIONS } from '../../../graph-nodes/index.js';
import { parseInline, parseMarkdown } from './markdown.js';
import { Markdown } from './Markdown.js';

describe('parseMarkdown', () => {
  it('splits paragraphs on blank lines and joins wrapped lines', () => {
    expect(parseMarkdown('one\ntwo\n\nthree')).toEqual([
      { kind: 'paragraph', content: [{ kind: 'text', text: 'one two' }] },
      { kind: 'paragraph', content: [{ kind: 'text', text: 'three' }] },
    ]);
  });

  it('reads lists whose items wrap onto indented lines', () => {
    const blocks = parseMarkdown('Kinds:\n\n- `learned`: one vector\n  per position.\n- `sinusoidal`: fixed.\n\nAfter.');
    expect(blocks[1]).toEqual({
      kind: 'list',
      ordered: false,
      items: [
        [{ kind: 'code', text: 'learned' }, { kind: 'text', text: ': one vector per position.' }],
        [{ kind: 'code', text: 'sinusoidal' }, { kind: 'text', text: ': fixed.' }],
      ],
    });
    expect(blocks[2]).toEqual({ kind: 'paragraph', content: [{ kind: 'text', text: 'After.' }] });
    expect(parseMarkdown('1. a\n2. b')[0]).toMatchObject({ kind: 'list', ordered: true });
  });

  it('reads bold, emphasis and code, and leaves code contents alone', () => {
    expect(parseInline('a **b `c`** *d* `**e**` 2 * 3 * 4')).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'strong', children: [{ kind: 'text', text: 'b ' }, { kind: 'code', text: 'c' }] },
      { kind: 'text', text: ' ' },
      { kind: 'em', children: [{ kind: 'text', text: 'd' }] },
      { kind: 'text', text: ' ' },
      { kind: 'code', text: '**e**' },
      { kind: 'text', text: ' 2 * 3 * 4' },
    ]);
  });

  it('renders HTML in a doc as text, never as markup', () => {
    const html = renderToStaticMarkup(createElement(Markdown, { source: 'x <img src=x onerror=alert(1)> **<b>y</b>** `<script>`' }));
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<strong><span>&lt;b&gt;y&lt;/b&gt;</span></strong>');
  });

  it('renders every node doc without stray markup characters', () => {
    for (const def of NODE_DEFINITIONS) {
      const html = renderToStaticMarkup(createElement(Markdown, { source: def.docs }));
      const text = html.replace(/<[^>]+>/g, '');
      expect(text, def.type).not.toMatch(/\*\*|`/);
      expect(html, def.type).toContain('<p>');
    }
  });
});
