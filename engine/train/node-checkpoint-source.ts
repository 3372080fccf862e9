import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { CheckpointSource, SavedRun } from '../data/checkpoint-source.js';
import { loadCheckpoint } from './node-checkpoint-store.js';

/** Run folders on disk (made by `pretrain-lab train --out DIR`), relative to `baseDir`. */
export function createNodeCheckpointSource(baseDir: string): CheckpointSource {
  return {
    async loadRun(run) {
      if (run.trim() === '') throw new Error('no run folder given');
      const dir = path.resolve(baseDir, run);
      const info = await stat(dir).catch(() => undefined);
      if (!info?.isDirectory()) {
        throw new Error(`run folder "${run}" does not exist (looked for ${dir}): train a run into it first, e.g. "pretrain-lab train GRAPH --out ${run}"`);
      }
      const ckpt = await loadCheckpoint(dir).catch((e: unknown) => {
        throw new Error(`run folder "${run}" holds no checkpoint: give a folder made by "pretrain-lab train" (${e instanceof Error ? e.message : String(e)})`);
      });
      const { manifest, values } = ckpt;
      const variables: SavedRun['variables'] = [];
      let offset = 0;
      for (const v of manifest.variables) {
        const size = v.shape.reduce((a, b) => a * b, 1);
        if (offset + size > values.length) throw new Error(`run folder "${run}": the checkpoint weights file is truncated`);
        variables.push({ name: v.name, shape: v.shape, values: values.slice(offset, offset + size) });
        offset += size;
      }
      return { run, step: manifest.step, graph: manifest.graph, sourceStates: manifest.sourceStates ?? {}, variables };
    },
  };
}
