import { z } from 'zod';
import { graphDocumentSchema } from '../../../engine/core/graph-document.js';
import { runResultSchema } from '../../worker/compare-protocol.js';
import { reopened, type CompareState } from './compare-state.js';

/**
 * The last comparison, kept in IndexedDB (a compare's loss curves can outgrow localStorage) so
 * reopening the app shows it, and a compare cut by closing the app can go on. What is read back
 * is checked: storage written by another version, or damaged, is not trusted.
 */

export const COMPARE_DB = 'pretrain-lab-compare';
const STORE = 'comparisons';
const KEY = 'last';
const FORMAT = 1;

const num = z.union([z.number(), z.nan(), z.literal(Infinity), z.literal(-Infinity)]);
const moment = z.number().nullable();

const failureSchema = z.object({ during: z.enum(['planning', 'training', 'measuring']).nullable(), graph: z.string().nullable(), graphName: z.string().nullable(), nodeId: z.string().nullable(), message: z.string() });

const savedSchema = z.object({
  format: z.literal(FORMAT),
  state: z.object({
    compareId: z.string().nullable(),
    status: z.enum(['idle', 'starting', 'running', 'stopping', 'done', 'stopped', 'failed', 'crashed', 'interrupted']),
    settings: z
      .object({
        graphs: z.array(z.object({ source: z.string(), doc: graphDocumentSchema })),
        budgetTokens: z.number().int().positive(),
        seeds: z.number().int().positive(),
        backend: z.enum(['auto', 'webgpu', 'webgl', 'wasm', 'cpu']),
      })
      .nullable(),
    backend: z.string().nullable(),
    tried: z.array(z.object({ backend: z.string(), error: z.string() })),
    runs: z.array(
      z.object({
        key: z.string(),
        graph: z.string(),
        seed: z.number().int(),
        steps: z.number().int(),
        phase: z.enum(['waiting', 'training', 'measuring', 'measured', 'failed', 'skipped']),
        step: z.number().int(),
        loss: num.nullable(),
        etaSeconds: num.nullable(),
        yardstick: z.string().nullable(),
        startedAt: moment,
        trainedAt: moment,
        endedAt: moment,
        kept: z.boolean(),
        resumed: z.boolean().default(false),
      }),
    ),
    results: z.record(z.string(), runResultSchema),
    failure: failureSchema.nullable(),
    // saved before a compare went on past a failed run: none
    runFailures: z.array(failureSchema).default([]),
    startedAt: moment,
    endedAt: moment,
  }),
});

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function open(dbName: string): Promise<IDBDatabase> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new Error('this browser has no IndexedDB, so the comparison cannot be kept'));
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(dbName, 1);
    req.onupgradeneeded = () => void req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(new Error(`cannot open the comparison database: ${req.error?.message ?? 'unknown error'}`));
  });
}

export async function saveComparison(state: CompareState, dbName = COMPARE_DB): Promise<void> {
  const db = await open(dbName);
  try {
    const tx = db.transaction(STORE, 'readwrite');
    await request(tx.objectStore(STORE).put({ format: FORMAT, state }, KEY));
  } finally {
    db.close();
  }
}

/** The last comparison, as reopened (a compare that was going is interrupted); null when none was kept or it cannot be read. */
export async function loadComparison(dbName = COMPARE_DB): Promise<{ state: CompareState | null; problem?: string }> {
  const db = await open(dbName);
  let raw: unknown;
  try {
    raw = await request(db.transaction(STORE, 'readonly').objectStore(STORE).get(KEY));
  } finally {
    db.close();
  }
  if (raw === undefined) return { state: null };
  const parsed = savedSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { state: null, problem: `the last comparison could not be read back (${issue.path.join('.') || 'its record'}: ${issue.message})` };
  }
  return { state: reopened(parsed.data.state as CompareState) };
}
