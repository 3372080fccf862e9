import { APP_RUN_PREFIX } from '../../../engine/data/saved-run.js';
import { IndexedDbCheckpointStore, listCheckpointRuns, type StoredRun } from '../../worker/indexeddb-checkpoint-store.js';
import { pickedFiles, readRunFolder } from './run-folder.js';

/**
 * The runs a checkpoint node can start from in the app: every run with a checkpoint in the app's
 * storage (trained here, or a run folder opened here), named "app-run:<run id>".
 */
export interface AppRun {
  value: string;
  label: string;
}

export function appRunLabel(r: StoredRun): string {
  const when = new Date(r.savedAt).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return `${r.name} · ${r.origin ?? 'trained here'} · step ${r.step} · ${when}`;
}

export async function listAppRuns(): Promise<AppRun[]> {
  const runs = await listCheckpointRuns();
  return runs.map((r) => ({ value: APP_RUN_PREFIX + r.runId, label: appRunLabel(r) }));
}

/** Copy a run folder chosen in a folder picker into the app's storage; its value for a "run" setting. */
export async function importRunFolder(files: readonly File[]): Promise<AppRun> {
  const { folder, checkpoint } = await readRunFolder(pickedFiles(files));
  const runId = `folder-${folder.replace(/[^A-Za-z0-9_-]/g, '_')}-${Date.now().toString(36)}`;
  const origin = `opened folder ${folder}`;
  await new IndexedDbCheckpointStore(runId, 1, undefined, origin).save(checkpoint);
  return { value: APP_RUN_PREFIX + runId, label: `${checkpoint.manifest.graph.name} · ${origin} · step ${checkpoint.manifest.step}` };
}
