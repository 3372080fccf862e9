import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { initNodeBackend } from '../../engine/backend/node-backend.js';
import { DirectoryCheckpointStore, loadCheckpoint } from '../../engine/train/node-checkpoint-store.js';
import { tinyRun } from '../support/tiny-runs.js';

/**
 * A save cut short (a second Ctrl-C, a crash, a full disk) must leave `latest` naming a whole
 * checkpoint and nothing of its own behind. The faults are injected into the file system calls
 * the store makes: the one way to stop a save at an exact point, every time.
 */
const fault = vi.hoisted(() => ({ on: null as null | ((op: string, path: string) => NodeJS.ErrnoException | null) }));
vi.mock('node:fs/promises', async (original) => {
  const fs = await original<typeof import('node:fs/promises')>();
  const guard =
    <A extends unknown[], R>(op: string, f: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      const e = fault.on?.(op, String(a[op === 'rename' ? 1 : 0]));
      if (e) throw e;
      return f(...a);
    };
  return { ...fs, rename: guard('rename', fs.rename), writeFile: guard('writeFile', fs.writeFile) };
});

function error(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}

const leftovers = (dir: string) => readdirSync(dir, { recursive: true }).map(String).filter((f) => f.includes('.tmp-'));

describe('a checkpoint save cut short', () => {
  let run: string;
  beforeAll(async () => {
    await initNodeBackend('wasm');
    run = await tinyRun('causal-lm', 3);
  });

  it('keeps latest on a whole checkpoint when the same step is saved again and the save stops midway', async () => {
    const before = await loadCheckpoint(run);
    const name = readFileSync(`${run}/latest`, 'utf8').trim();
    // stop the save at its first rename into the checkpoint folder (the old store had deleted it by then)
    fault.on = (op, path) => (op === 'rename' && path.includes(name) ? error('EINTR') : null);
    try {
      await expect(new DirectoryCheckpointStore(run).save(before)).rejects.toThrow(/could not save the checkpoint at step 3 .*previous checkpoint is unchanged/);
    } finally {
      fault.on = null;
    }
    const after = await loadCheckpoint(run);
    expect(after.manifest.step).toBe(3);
    expect(after.values).toEqual(before.values);
    expect(leftovers(run)).toEqual([]);
  });

  it('says the disk is full, leaves the previous checkpoint as latest and removes what it wrote', async () => {
    const before = await loadCheckpoint(run);
    const next = { ...before, manifest: { ...before.manifest, step: 4 } };
    fault.on = (op, path) => (op === 'writeFile' && path.endsWith('manifest.json') ? error('ENOSPC') : null);
    try {
      await expect(new DirectoryCheckpointStore(run).save(next)).rejects.toThrow('could not save the checkpoint at step 4 in ' + run + ': the disk is full');
    } finally {
      fault.on = null;
    }
    expect((await loadCheckpoint(run)).manifest.step).toBe(3);
    expect(existsSync(`${run}/ckpt-0000004`)).toBe(false);
    expect(leftovers(run)).toEqual([]);
  });

  it('saves the same step again and then a later one, pruning to the last two', async () => {
    const ckpt = await loadCheckpoint(run);
    const store = new DirectoryCheckpointStore(run);
    await store.save({ ...ckpt, manifest: { ...ckpt.manifest, lastEval: { step: 3, valLoss: 1.5, metrics: {} } } });
    expect((await loadCheckpoint(run)).manifest.lastEval?.valLoss).toBe(1.5);
    await store.save({ ...ckpt, manifest: { ...ckpt.manifest, step: 5 } });
    expect((await loadCheckpoint(run)).manifest.step).toBe(5);
    expect(readdirSync(run).filter((f) => f.startsWith('ckpt-')).sort()).toEqual(['ckpt-0000003', 'ckpt-0000005']);
    expect(leftovers(run)).toEqual([]);
  });
});
