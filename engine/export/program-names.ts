/**
 * The program's variable name for each node: its id in camelCase, never a JavaScript keyword nor
 * a name the copied-in library or the template already declares.
 */

const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await async of type'.split(
    ' ',
  ),
);

function camel(id: string): string {
  const parts = id.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = parts.map((p, i) => (i === 0 ? p[0]!.toLowerCase() + p.slice(1) : p[0]!.toUpperCase() + p.slice(1))).join('') || 'node';
  return /^[0-9]/.test(name) ? `n${name}` : name;
}

/** A distinct name per node id, in the order given; `declared` holds the names already taken. */
export function nodeNames(ids: readonly string[], declared: Iterable<string>): Map<string, string> {
  const taken = new Set([...declared, ...RESERVED]);
  const names = new Map<string, string>();
  for (const id of ids) {
    let name = camel(id);
    while (taken.has(name)) name = `${name}Node`;
    taken.add(name);
    names.set(id, name);
  }
  return names;
}
