/**
 * The little markdown node docs use: paragraphs, `-`/`*`/`1.` lists (items may wrap onto indented
 * lines), **bold**, *emphasis* and `code`. Parsed into plain data that React renders as text, so
 * nothing in a doc string can become HTML.
 */

export type Inline = { kind: 'text' | 'code'; text: string } | { kind: 'strong' | 'em'; children: Inline[] };

export type Block = { kind: 'paragraph'; content: Inline[] } | { kind: 'list'; ordered: boolean; items: Inline[][] };

const ITEM = /^\s{0,3}([-*]|\d+[.)])\s+(.*)$/;

export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;

  const flushParagraph = () => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', content: parseInline(paragraph.join(' ')) });
    paragraph = [];
  };
  const flushList = () => {
    if (list) blocks.push({ kind: 'list', ordered: list.ordered, items: list.items.map(parseInline) });
    list = null;
  };

  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (line.trim() === '') {
      flushParagraph();
      flushList();
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      flushParagraph();
      const ordered = /\d/.test(item[1]!);
      if (list && list.ordered !== ordered) flushList();
      list ??= { ordered, items: [] };
      list.items.push(item[2]!.trim());
      continue;
    }
    if (list && /^\s/.test(line)) {
      // an indented line continues the last item
      list.items[list.items.length - 1] += ' ' + line.trim();
      continue;
    }
    flushList();
    paragraph.push(line.trim());
  }
  flushParagraph();
  flushList();
  return blocks;
}

// `code` first (nothing inside it is markup), then **bold**, then *em* (not "* " or "**").
const INLINE = /`([^`]+)`|\*\*(.+?)\*\*|\*([^*\s](?:[^*]*[^*\s])?)\*/g;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const at = m.index!;
    if (at > last) pushText(out, text.slice(last, at));
    if (m[1] !== undefined) out.push({ kind: 'code', text: m[1] });
    else if (m[2] !== undefined) out.push({ kind: 'strong', children: parseInline(m[2]) });
    else out.push({ kind: 'em', children: parseInline(m[3]!) });
    last = at + m[0].length;
  }
  if (last < text.length) pushText(out, text.slice(last));
  return out;
}

function pushText(out: Inline[], text: string) {
  const prev = out.at(-1);
  if (prev?.kind === 'text') prev.text += text;
  else out.push({ kind: 'text', text });
}
