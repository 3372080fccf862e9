/** Writing Python source: literals, names, docstrings, and the library files copied in. */

export const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);

/** A JSON-like value as a Python literal. */
export function pyLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return Number.isNaN(value) ? 'math.nan' : value > 0 ? 'math.inf' : '-math.inf';
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pyLiteral).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}: ${pyLiteral(v)}`).join(', ')}}`;
}

/** The Python annotation for a setting's value. */
export function pyType(value: unknown): string {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  return 'dict';
}

/** "token-embedding" -> "token_embedding"; never a keyword or a leading digit. */
export function snake(id: string): string {
  const name = id
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .join('_')
    .toLowerCase() || 'node';
  const safe = /^[0-9]/.test(name) ? `n_${name}` : name;
  return PYTHON_KEYWORDS.has(safe) ? `${safe}_` : safe;
}

/** "token-embedding" -> "TokenEmbedding". */
export function camelClass(id: string): string {
  const name = snake(id)
    .split('_')
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
  return /^[0-9]/.test(name) ? `N${name}` : name;
}

/** A docstring at `indent`, its text kept as written (backslashes and triple quotes defused). */
export function docstring(text: string, indent = ''): string {
  const body = text.replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"').trim();
  const lines = body.split('\n').map((l, i) => (i === 0 || l === '' ? l : indent + l));
  return `${indent}"""${lines.join('\n')}${lines.length > 1 ? `\n${indent}` : ''}"""`;
}

/** Names a Python library file defines at its top level (classes, functions, constants). */
export function definedNames(source: string): string[] {
  return [...source.matchAll(/^(?:class|def)\s+([A-Za-z_]\w*)|^([A-Za-z_]\w*)\s*=/gm)].map((m) => (m[1] ?? m[2])!);
}

/** Library files: the shared runtime first, then the nodes' files, each once, in the order given. */
export function librarySource(paths: readonly string[], read: (path: string) => string): { source: string; names: string[] } {
  const unique = [...new Set(paths)];
  const seen = new Map<string, string>();
  const parts: string[] = [];
  for (const path of unique) {
    const body = read(path).trim();
    for (const name of definedNames(body)) {
      const other = seen.get(name);
      if (other) throw new Error(`${path} and ${other} both define "${name}": library names must be unique, the export puts them in one file`);
      seen.set(name, path);
    }
    parts.push(`# ---- ${path} ----\n\n${body}`);
  }
  return { source: parts.join('\n\n\n'), names: [...seen.keys()] };
}
