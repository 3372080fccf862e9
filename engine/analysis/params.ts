import type { NodeDefinition } from '../registry/define-node.js';

export type ParamsResult = { ok: true; params: unknown; issues: string[] } | { ok: false; issues: string[] };

function describe(value: unknown): string {
  const s = JSON.stringify(value);
  return s === undefined ? String(value) : s.length > 40 ? s.slice(0, 37) + '...' : s;
}

/** Migrate a node's params to the definition's version, then check them against its schema. */
export function parseParams(def: NodeDefinition, raw: Record<string, unknown>, version = 1): ParamsResult {
  if (version > def.version) {
    return { ok: false, issues: [`was saved by a newer version (${version}) of ${def.title} than this app has (${def.version})`] };
  }
  let params = raw;
  if (version < def.version) {
    if (!def.migrate) return { ok: false, issues: [`settings from version ${version} of ${def.title} cannot be upgraded`] };
    params = def.migrate(raw, version);
  }
  const result = def.params.safeParse(params);
  if (result.success) return { ok: true, params: result.data, issues: [] };
  const issues = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') return `unknown setting${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    const got = issue.path.length ? getPath(params, issue.path) : params;
    return `setting "${name}" ${issue.message.replace(/^Invalid input: /, '')} (got ${describe(got)})`;
  });
  return { ok: false, issues };
}

function getPath(obj: unknown, path: PropertyKey[]): unknown {
  let cur: unknown = obj;
  for (const key of path) cur = cur && typeof cur === 'object' ? (cur as Record<PropertyKey, unknown>)[key] : undefined;
  return cur;
}
