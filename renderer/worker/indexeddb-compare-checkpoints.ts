import { deleteRunCheckpoints, IndexedDbCheckpointStore, listCheckpointRuns, loadLatestCheckpoint } from './indexeddb-checkpoint-store.js';
import type { CompareCheckpoints } from './compare-host.js';

/**
 * A compare's checkpoints, in a database of their own: they only serve to resume the run a Stop
 * or a reload cut short, so they stay out of the list of runs a checkpoint node can continue
 * from, are forgotten once their run is measured, and a new compare clears the last one's.
 */
export const COMPARE_CHECKPOINT_DB = 'pretrain-lab-compare-checkpoints';

export function indexedDbCompareCheckpoints(dbName = COMPARE_CHECKPOINT_DB): CompareCheckpoints {
  return {
    // the newest is all a resume reads
    store: (id) => new IndexedDbCheckpointStore(id, 1, dbName),
    latest: (id) => loadLatestCheckpoint(id, dbName),
    forget: (id) => deleteRunCheckpoints(id, dbName),
    async keepOnly(prefix) {
      for (const run of await listCheckpointRuns(dbName)) if (!run.runId.startsWith(prefix)) await deleteRunCheckpoints(run.runId, dbName);
    },
  };
}
