/** Where in the text a parse or schema message points, as a Monaco range (1-based). */
export function jsonLocation(text: string, message: string): { startLineNumber: number; startColumn: number; endLineNumber: number; endColumn: number } {
  const lc = /line (\d+), column (\d+)/.exec(message);
  if (lc) {
    const line = Number(lc[1]);
    const col = Number(lc[2]);
    return { startLineNumber: line, startColumn: col, endLineNumber: line, endColumn: col + 1 };
  }
  // A schema message names a field or a node: mark the first line that mentions it.
  const quoted = /"([^"]+)"/.exec(message)?.[1] ?? /^node ([A-Za-z0-9_-]+)/.exec(message)?.[1];
  const lines = text.split('\n');
  const key = quoted?.split('.').pop();
  const index = key ? lines.findIndex((l) => l.includes(`"${key}"`)) : -1;
  const line = index >= 0 ? index + 1 : 1;
  return { startLineNumber: line, startColumn: 1, endLineNumber: line, endColumn: (lines[line - 1]?.length ?? 0) + 1 };
}
