import { APP_RUN_PREFIX, savedRunFrom, type SavedRun } from '../../engine/data/saved-run.js';
import type { CheckpointSource } from '../../engine/data/checkpoint-source.js';
import { loadLatestCheckpoint } from './indexeddb-checkpoint-store.js';
import { folderMessage } from '../src/run/saved-run-check.js';

/**
 * Where checkpoint nodes read runs in the app: runs trained in it, and run folders opened in
 * it (copied into the same store), both kept in IndexedDB and named "app-run:<run id>". A path
 * on disk cannot be read from a web page: asking for one says what to do instead.
 */
export function createAppRunSource(load: typeof loadLatestCheckpoint = loadLatestCheckpoint): CheckpointSource {
  return {
    async loadRun(run: string): Promise<SavedRun> {
      if (!run.startsWith(APP_RUN_PREFIX)) throw new Error(folderMessage(run));
      const runId = run.slice(APP_RUN_PREFIX.length);
      const ckpt = await load(runId);
      if (!ckpt) throw new Error(`the app has no checkpoint of run ${runId} (was it deleted?): pick another run in the node's "run" setting`);
      return savedRunFrom(`"${ckpt.manifest.graph.name}" (${runId})`, ckpt.manifest, ckpt.values);
    },
  };
}
