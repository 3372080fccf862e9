import { CHECKPOINT_FORMAT, checkpointSize, type Checkpoint, type CheckpointManifest, type CheckpointStore } from '../../engine/train/checkpoint.js';

/**
 * Checkpoints in IndexedDB, keyed by run id, so a run can be resumed after the page reloads.
 *
 * Two object stores: `checkpoints` ([runId, step] -> the manifest as JSON, as the CLI writes it,
 * plus the float32 values) and `runs` (runId -> which step is latest). A save is one readwrite
 * transaction over both — write the checkpoint, point `runs` at it, drop all but the newest
 * `keep` — so a reader sees the previous checkpoint or the new one, never half of one.
 */
export const CHECKPOINT_DB = 'pretrain-lab-checkpoints';
const DB_VERSION = 1;
const CHECKPOINTS = 'checkpoints';
const RUNS = 'runs';

interface StoredCheckpoint {
  runId: string;
  step: number;
  manifest: string;
  values: Float32Array;
}

/** What the run list shows: one entry per run that has a checkpoint. */
export interface StoredRun {
  runId: string;
  /** the graph's name */
  name: string;
  step: number;
  totalSteps: number;
  backend: string;
  /** Date.now() of the latest save */
  savedAt: number;
  /** where it came from when not trained here ("opened folder masked-lm") */
  origin?: string;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction was aborted'));
  });
}

export function openCheckpointDb(name = CHECKPOINT_DB): Promise<IDBDatabase> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new Error('this browser has no IndexedDB, so checkpoints cannot be kept'));
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(name, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(CHECKPOINTS)) db.createObjectStore(CHECKPOINTS, { keyPath: ['runId', 'step'] });
      if (!db.objectStoreNames.contains(RUNS)) db.createObjectStore(RUNS, { keyPath: 'runId' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(new Error(`cannot open the checkpoint database: ${req.error?.message ?? 'unknown error'}`));
    req.onblocked = () => reject(new Error('the checkpoint database is held open by an older version of the app in another tab; close it and retry'));
  });
}

async function withDb<T>(dbName: string, fn: (db: IDBDatabase) => Promise<T>): Promise<T> {
  const db = await openCheckpointDb(dbName);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

const allSteps = (runId: string) => IDBKeyRange.bound([runId, -Infinity], [runId, Infinity]);

export function checkpointPath(runId: string, step: number): string {
  return `indexeddb:${runId}/ckpt-${String(step).padStart(7, '0')}`;
}

export class IndexedDbCheckpointStore implements CheckpointStore {
  constructor(
    readonly runId: string,
    private readonly keep = 2,
    private readonly dbName = CHECKPOINT_DB,
    /** where the run came from, when it was not trained here */
    private readonly origin?: string,
  ) {}

  async save(ckpt: Checkpoint): Promise<string> {
    const { manifest } = ckpt;
    const expected = checkpointSize(manifest);
    if (ckpt.values.length !== expected) throw new Error(`a checkpoint of ${expected} values was expected, got ${ckpt.values.length}`);
    // Store exactly the values, not whatever larger buffer they may be a view of.
    const values = ckpt.values.byteOffset === 0 && ckpt.values.byteLength === ckpt.values.buffer.byteLength ? ckpt.values : ckpt.values.slice();
    const record: StoredCheckpoint = { runId: this.runId, step: manifest.step, manifest: JSON.stringify(manifest), values };
    const run: StoredRun = {
      runId: this.runId,
      name: manifest.graph.name,
      step: manifest.step,
      totalSteps: manifest.totalSteps,
      backend: manifest.backend,
      savedAt: Date.now(),
      ...(this.origin ? { origin: this.origin } : {}),
    };
    return withDb(this.dbName, async (db) => {
      const tx = db.transaction([CHECKPOINTS, RUNS], 'readwrite');
      const finished = done(tx);
      finished.catch(() => {}); // awaited below; a failed request rejects first
      const checkpoints = tx.objectStore(CHECKPOINTS);
      checkpoints.put(record);
      tx.objectStore(RUNS).put(run);
      // Prune in the same transaction: keys come back sorted by step.
      const keys = await request(checkpoints.getAllKeys(allSteps(this.runId)));
      const old = keys.filter((k) => (k as [string, number])[1] !== manifest.step).slice(0, Math.max(0, keys.length - this.keep));
      for (const k of old) checkpoints.delete(k);
      await finished;
      return checkpointPath(this.runId, manifest.step);
    });
  }
}

/** The run's newest checkpoint, or null when it has none. */
export function loadLatestCheckpoint(runId: string, dbName = CHECKPOINT_DB): Promise<Checkpoint | null> {
  return withDb(dbName, async (db) => {
    const tx = db.transaction([CHECKPOINTS, RUNS], 'readonly');
    const run = (await request(tx.objectStore(RUNS).get(runId))) as StoredRun | undefined;
    if (!run) return null;
    const stored = (await request(tx.objectStore(CHECKPOINTS).get([runId, run.step]))) as StoredCheckpoint | undefined;
    if (!stored) throw new Error(`the checkpoint database says run ${runId} saved step ${run.step}, but that checkpoint is missing`);
    let manifest: CheckpointManifest;
    try {
      manifest = JSON.parse(stored.manifest);
    } catch {
      throw new Error(`the checkpoint of run ${runId} at step ${run.step} is damaged (its manifest is not JSON)`);
    }
    if (manifest.format !== CHECKPOINT_FORMAT) throw new Error(`the checkpoint of run ${runId} is not a Pretrain Lab checkpoint`);
    if (!(stored.values instanceof Float32Array) || stored.values.length !== checkpointSize(manifest)) {
      throw new Error(`the checkpoint of run ${runId} at step ${run.step} is damaged (its weights are truncated)`);
    }
    return { manifest, values: stored.values };
  });
}

/** Every run with a checkpoint, newest first. */
export function listCheckpointRuns(dbName = CHECKPOINT_DB): Promise<StoredRun[]> {
  return withDb(dbName, async (db) => {
    const runs = (await request(db.transaction(RUNS, 'readonly').objectStore(RUNS).getAll())) as StoredRun[];
    return runs.sort((a, b) => b.savedAt - a.savedAt);
  });
}

/** Forget a run's checkpoints (one transaction). */
export function deleteRunCheckpoints(runId: string, dbName = CHECKPOINT_DB): Promise<void> {
  return withDb(dbName, async (db) => {
    const tx = db.transaction([CHECKPOINTS, RUNS], 'readwrite');
    const finished = done(tx);
    tx.objectStore(CHECKPOINTS).delete(allSteps(runId));
    tx.objectStore(RUNS).delete(runId);
    await finished;
  });
}
