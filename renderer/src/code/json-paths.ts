/**
 * Where each value of a JSON text is, by its path (["nodes", 3, "params", "heads"]), as character
 * offsets: so a problem found in the parsed document can be marked on the text that holds it.
 * A small scanner for text that JSON.parse accepted; on anything else it returns what it read.
 */

export type JsonPath = (string | number)[];

export interface Span {
  start: number;
  end: number;
}

export function jsonValueSpans(text: string): Map<string, Span> {
  const spans = new Map<string, Span>();
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const string = () => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: JsonPath): void => {
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      while (i < text.length && text[i] !== '}') {
        ws();
        const key = string();
        ws();
        i++; // ':'
        value([...path, key]);
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
    } else if (c === '[') {
      i++;
      ws();
      let n = 0;
      while (i < text.length && text[i] !== ']') {
        value([...path, n++]);
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
    } else if (c === '"') string();
    else while (i < text.length && /[^\s,}\]]/.test(text[i]!)) i++;
    spans.set(JSON.stringify(path), { start, end: i });
  };
  try {
    value([]);
  } catch {
    // not JSON: what was read is kept
  }
  return spans;
}

export function spanOf(spans: Map<string, Span>, path: JsonPath): Span | undefined {
  return spans.get(JSON.stringify(path));
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}
