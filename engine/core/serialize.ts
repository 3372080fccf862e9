import type { z } from 'zod';
import { graphDocumentSchema, type GraphDocument } from './graph-document.js';
import { migrateDocument, MigrationError } from './migrations.js';
import { phrase, valueAt } from './issue-phrase.js';

export class DocumentError extends Error {
  constructor(
    message: string,
    /** the node the problem sits in, when it sits in one */
    readonly nodeId: string | null = null,
  ) {
    super(message);
    this.name = 'DocumentError';
  }
}

function describeIssue(doc: unknown, issue: z.core.$ZodIssue): DocumentError {
  const path = issue.path;
  let where = path.length ? `"${path.join('.')}"` : 'the document';
  let nodeId: string | null = null;
  if (path[0] === 'nodes' && typeof path[1] === 'number') {
    const node = (doc as { nodes?: { id?: unknown }[] }).nodes?.[path[1]];
    if (node && typeof node.id === 'string') {
      nodeId = node.id;
      where = path.length > 2 ? `"${path.slice(2).join('.')}"` : '';
    }
  }
  const missing = issue.code === 'invalid_type' && valueAt(doc, path) === undefined;
  return new DocumentError([where, missing ? 'is missing: it' : '', phrase(issue)].filter(Boolean).join(' '), nodeId);
}


/** "at position 117" -> "line 4, column 3": what an editor shows. */
function locate(message: string, text: string): string {
  const m = /at position (\d+)/.exec(message);
  if (!m) return message;
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message.replace(/ in JSON at position \d+.*$/, '').replace(/ at position \d+.*$/, '')} at line ${line}, column ${column}`;
}

/** Parse JSON text into a document: migrations first, then the schema, then id uniqueness. */
export function parseGraph(text: string): GraphDocument {
  // a byte-order mark, as some Windows editors write, is no part of the JSON
  text = text.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new DocumentError('the file is empty');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new DocumentError(`not valid JSON: ${locate((e as Error).message, text)}`);
  }
  return loadGraph(raw);
}

export function loadGraph(raw: unknown): GraphDocument {
  // before anything walks it: JSON.stringify, zod and the analysis all recurse
  checkNesting(raw);
  let migrated: unknown;
  try {
    migrated = migrateDocument(raw);
  } catch (e) {
    if (e instanceof MigrationError) throw new DocumentError(e.message);
    throw e;
  }
  const result = graphDocumentSchema.safeParse(migrated);
  if (!result.success) throw describeIssue(migrated, result.error.issues[0]!);
  const doc = result.data;
  const seen = new Set<string>();
  for (const node of doc.nodes) {
    if (seen.has(node.id)) throw new DocumentError(`two nodes share the id "${node.id}"`, node.id);
    seen.add(node.id);
  }
  return doc;
}

/** No node's settings nest more than a few levels; far deeper ones are damage (or an attack on recursive code). */
export const MAX_SETTING_DEPTH = 16;

/** the document, its nodes, a node, its settings: the deepest place a graph file nests */
const MAX_DOCUMENT_DEPTH = MAX_SETTING_DEPTH + 3;

/** A file nested deeper than any graph is refused, naming the node whose settings do it, else the top-level key. */
function checkNesting(raw: unknown): void {
  if (!raw || typeof raw !== 'object' || nestingDepth(raw, MAX_DOCUMENT_DEPTH) <= MAX_DOCUMENT_DEPTH) return;
  const nodes = (raw as { nodes?: unknown }).nodes;
  for (const n of Array.isArray(nodes) ? nodes : []) {
    if (n && typeof n === 'object' && nestingDepth((n as { params?: unknown }).params, MAX_SETTING_DEPTH) > MAX_SETTING_DEPTH) {
      const id = (n as { id?: unknown }).id;
      throw new DocumentError(`its settings nest more than ${MAX_SETTING_DEPTH} levels deep: no node has settings like that`, typeof id === 'string' ? id : null);
    }
  }
  const key = Object.entries(raw).find(([, v]) => nestingDepth(v, MAX_DOCUMENT_DEPTH - 1) > MAX_DOCUMENT_DEPTH - 1)?.[0];
  throw new DocumentError(`${key !== undefined ? `"${key}"` : 'the file'} nests more than ${MAX_DOCUMENT_DEPTH} levels deep: a graph file never does`);
}

/** How deeply `value` nests arrays and objects, counted without recursion and no further than `limit` + 1. */
function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    deepest = Math.max(deepest, d);
    if (deepest > limit) return deepest;
    if (v && typeof v === 'object') for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return deepest;
}

/** Keys sorted at every level so saving the same graph twice gives the same bytes. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

const TOP_LEVEL_ORDER = ['format', 'version', 'name', 'seed', 'nodes', 'edges', 'notes', 'layout'] as const;

export function serializeGraph(doc: GraphDocument): string {
  const ordered: Record<string, unknown> = {};
  for (const key of TOP_LEVEL_ORDER) ordered[key] = sortKeys(doc[key]);
  ordered.nodes = doc.nodes.map((n) => ({ id: n.id, type: n.type, ...(n.version !== undefined ? { version: n.version } : {}), params: sortKeys(n.params) }));
  ordered.edges = doc.edges.map((e) => ({ from: { node: e.from.node, port: e.from.port }, to: { node: e.to.node, port: e.to.port } }));
  return JSON.stringify(ordered, null, 2) + '\n';
}
