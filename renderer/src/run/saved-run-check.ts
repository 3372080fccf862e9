import type { GraphDocument } from '../../../engine/core/graph-document.js';
import { APP_RUN_PREFIX } from '../../../engine/data/saved-run.js';
import { isWeightLoader } from '../../../engine/compile/weight-loading.js';
import type { NodeRegistry } from '../../../engine/registry/registry.js';

/** Why a run folder path does not work in the app, and what does. */
export function folderMessage(run: string): string {
  return `"${run}" is a run folder on disk, which the app cannot read by its path: in the node's "run" setting, pick a run trained in the app or open that folder (the command line, pretrain-lab train, reads the path as it is)`;
}

/**
 * Said before Run, not after a minute of loading: a checkpoint node (continued pretraining) that
 * names a run folder by path, which the app's worker cannot read. Null when every one names a
 * run of the app.
 */
export function savedRunBlock(doc: GraphDocument, registry: NodeRegistry): string | null {
  for (const n of doc.nodes) {
    const def = registry.get(n.type);
    if (!isWeightLoader(def)) continue;
    const parsed = def.params.safeParse(n.params);
    const run = ((parsed.success ? parsed.data : n.params) as { run?: unknown }).run;
    if (typeof run === 'string' && !run.startsWith(APP_RUN_PREFIX)) return `Node ${n.id} starts from ${folderMessage(run)}.`;
  }
  return null;
}
