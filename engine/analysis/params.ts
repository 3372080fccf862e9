import type { NodeDefinition } from '../registry/define-node.js';
import { phrase, valueAt } from '../core/issue-phrase.js';
import { NodeRunError, OverrideError } from '../core/diagnostics.js';

export interface ParamIssue {
  param?: string;
  message: string;
}

export type ParamsResult = { ok: true; params: unknown; issues: ParamIssue[] } | { ok: false; issues: ParamIssue[] };

/** A short preview of a value, bounded however large or deep it is. */
function describe(value: unknown): string {
  const s = preview(value, 3);
  return s.length > 40 ? s.slice(0, 37) + '...' : s;
}

function preview(value: unknown, depth: number): string {
  if (value === undefined) return 'nothing';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? String(value);
  if (depth === 0) return Array.isArray(value) ? '[...]' : '{...}';
  if (Array.isArray(value)) return `[${value.slice(0, 8).map((v) => preview(v, depth - 1)).join(',')}${value.length > 8 ? ',...' : ''}]`;
  const entries = Object.entries(value).slice(0, 8);
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${preview(v, depth - 1)}`).join(',')}${Object.keys(value).length > 8 ? ',...' : ''}}`;
}

/** Migrate a node's params to the definition's version, then check them against its schema. */
export function parseParams(def: NodeDefinition, raw: Record<string, unknown>, version = 1): ParamsResult {
  if (version > def.version) {
    return { ok: false, issues: [{ message: `was saved by a newer version (${version}) of ${def.title} than this app has (${def.version})` }] };
  }
  let params = raw;
  if (version < def.version) {
    if (!def.migrate) return { ok: false, issues: [{ message: `settings from version ${version} of ${def.title} cannot be upgraded` }] };
    params = def.migrate(raw, version);
  }
  const result = def.params.safeParse(params);
  if (result.success) return { ok: true, params: result.data, issues: [] };
  // Checks across settings (custom) only mean something once each setting is valid on its own.
  const all = result.error.issues;
  const own = all.filter((issue) => issue.code !== 'custom');
  const issues = (own.length ? own : all).map((issue): ParamIssue => {
    if (issue.code === 'unrecognized_keys') {
      return { message: `unknown setting${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (${def.title} has: ${settingNames(def).join(', ') || 'none'})` };
    }
    const got = issue.path.length ? valueAt(params, issue.path) : params;
    return { param: issue.path.join('.') || undefined, message: `${phrase(issue)} (got ${describe(got)})` };
  });
  return { ok: false, issues };
}

/**
 * An output node's settings for one run: the graph's `params` with `overrides` (a sample's prompt,
 * a command-line option) on top. A refused value is blamed on the override that gave it
 * (OverrideError), else on the node's own setting (NodeRunError).
 */
export function settingsForRun(def: NodeDefinition, nodeId: string, params: unknown, overrides: Record<string, unknown>): unknown {
  const merged = { ...(params as object), ...overrides };
  const parsed = def.params.safeParse(merged);
  if (parsed.success) return parsed.data;
  const issue = parseParams(def, merged).issues[0]!;
  const given = issue.param?.split('.')[0];
  if (given !== undefined && Object.hasOwn(overrides, given)) throw new OverrideError(given, issue.param === given ? issue.message : `${issue.param}: ${issue.message}`);
  throw new NodeRunError(nodeId, issue.param ? `setting "${issue.param}": ${issue.message}` : issue.message);
}

function settingNames(def: NodeDefinition): string[] {
  const shape = (def.params as unknown as { shape?: Record<string, unknown>; _zod?: { def?: { in?: { shape?: Record<string, unknown> } } } });
  return Object.keys(shape.shape ?? shape._zod?.def?.in?.shape ?? {});
}
