import { lstatSync } from 'node:fs';
import * as path from 'node:path';
import type { GraphDocument } from '../engine/core/graph-document.js';
import { parseParams } from '../engine/analysis/params.js';
import type { NodeRegistry } from '../engine/registry/registry.js';
import { pathKey } from './file-store.js';

/**
 * The files a tfjs-node training process may read for the renderer. The renderer sends a whole
 * graph, and a graph names paths (a corpus file or folder, a run to continue from): a script in
 * the renderer could otherwise name any file the user can read. So, as `file:save` writes only
 * paths the user chose, training reads only what the user picked in this session (a data node's
 * file picker) and the app's own run folders.
 */
export class ReadablePaths {
  private readonly files = new Set<string>();
  private readonly folders = new Set<string>();

  allowFile(p: string): void {
    this.files.add(pathKey(p));
  }
  /** the folder and everything under it */
  allowFolder(p: string): void {
    this.folders.add(pathKey(p));
  }
  permits(p: string): boolean {
    if (!path.isAbsolute(p)) return false;
    const k = pathKey(p);
    if (this.files.has(k)) return true;
    for (const f of this.folders) if (k === f || k.startsWith(f.endsWith(path.sep) ? f : f + path.sep)) return true;
    return false;
  }
}

/** A setting of a node that names something on disk the run reads. */
export interface PathSetting {
  nodeId: string;
  param: string;
  path: string;
}

/** Node types whose settings name paths, and which: one place to add a new reader. */
const PATH_SETTINGS: Record<string, (params: Record<string, unknown>) => { param: string; value: unknown } | null> = {
  'data/text-corpus': (p) => (p.source === 'file' ? { param: 'path', value: p.path } : null),
  'checkpoint/load-weights': (p) => ({ param: 'run', value: p.run }),
};

/** Read with each node's own settings parser, so a left-out setting counts at its default. */
export function pathSettings(doc: GraphDocument, registry: NodeRegistry, cwd = process.cwd()): PathSetting[] {
  return doc.nodes.flatMap((n) => {
    const def = registry.get(n.type);
    const read = PATH_SETTINGS[n.type];
    if (!def || !read) return [];
    const parsed = parseParams(def, (n.params ?? {}) as Record<string, unknown>, n.version ?? 1);
    const s = read((parsed.ok ? parsed.params : n.params ?? {}) as Record<string, unknown>);
    return s && typeof s.value === 'string' && s.value !== '' ? [{ nodeId: n.id, param: s.param, path: path.resolve(cwd, s.value) }] : [];
  });
}

/** One line per path the user did not pick, naming the node and setting; empty when all may be read. */
export function unpickedPaths(doc: GraphDocument, registry: NodeRegistry, readable: ReadablePaths, cwd?: string): string[] {
  return pathSettings(doc, registry, cwd)
    .filter((s) => !readable.permits(s.path))
    .map((s) => `node ${s.nodeId}: ${s.param} "${s.path}" was not chosen in this session: choose it again with the node's file picker (training reads only files and folders you pick, and the app's own runs)`);
}

/** A run folder's name as the renderer gives it: one plain path segment, nothing that climbs out. */
export const RUN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * The folder of run `name` in `runsDir`. The renderer names runs (so its history can resume them)
 * but must not reach outside the app's runs: a new run's folder must not exist yet, a resumed
 * one's must be a real folder there (a link could lead anywhere).
 */
export function runFolder(runsDir: string, name: string, resume: boolean): string {
  if (!RUN_NAME.test(name) || name.includes('..')) throw new Error(`"${name}" is not a run name (letters, digits, ".", "_" and "-", at most 128)`);
  const dir = path.join(runsDir, name);
  let stat;
  try {
    stat = lstatSync(dir);
  } catch {
    stat = null;
  }
  if (resume) {
    if (!stat) throw new Error(`there is no run "${name}" in ${runsDir} to resume (its folder was removed, or it trained in another app)`);
    if (!stat.isDirectory()) throw new Error(`run "${name}" in ${runsDir} is not a folder; it cannot be resumed`);
  } else if (stat) throw new Error(`a run named "${name}" exists already in ${runsDir}`);
  return dir;
}
