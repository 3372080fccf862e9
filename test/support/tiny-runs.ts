import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GraphDocument } from '../../engine/core/graph-document.js';
import { compileGraph } from '../../engine/compile/compile.js';
import { createNodeDataSource } from '../../engine/data/node-data-source.js';
import { DirectoryCheckpointStore } from '../../engine/train/node-checkpoint-store.js';
import { train } from '../../engine/train/trainer.js';
import { createRegistry } from '../../graph-nodes/index.js';
import { tinyGraph } from './tiny-graphs.js';

const runs = new Map<string, Promise<string>>();

/**
 * A run folder holding the shrunk sample `sample` trained for `steps` steps: made once per test
 * process (per sample and step count) in a temp folder. Call after a backend is initialised.
 */
export function tinyRun(sample: string, steps = 30): Promise<string> {
  const key = `${sample}@${steps}`;
  let dir = runs.get(key);
  if (!dir) {
    dir = (async () => {
      const out = join(mkdtempSync(join(tmpdir(), 'pretrain-lab-run-')), sample);
      const program = await compileGraph(tinyGraph(sample), { registry: createRegistry(), data: createNodeDataSource() });
      try {
        await train({ program, steps, store: new DirectoryCheckpointStore(out) });
      } finally {
        program.dispose();
      }
      return out;
    })();
    runs.set(key, dir);
  }
  return dir;
}

/**
 * tinyGraph, with each checkpoint node that points at "runs/<sample>" (the samples' convention:
 * train samples/<sample>.graph.json --out runs/<sample> first) pointed at a shrunk run of it.
 */
export async function tinyGraphWithRuns(sample: string, overrides: Record<string, Record<string, unknown>> = {}, steps = 30): Promise<GraphDocument> {
  const doc = tinyGraph(sample, overrides);
  const nodes = await Promise.all(
    doc.nodes.map(async (n) => {
      const run = (n.params as { run?: unknown }).run;
      if (n.type !== 'checkpoint/load-weights' || typeof run !== 'string' || overrides[n.id]?.run !== undefined) return n;
      const source = /^runs\/([\w-]+)$/.exec(run)?.[1];
      if (!source) throw new Error(`${sample}: checkpoint node ${n.id} points at ${run}, not runs/<sample>`);
      return { ...n, params: { ...n.params, run: await tinyRun(source, steps) } };
    }),
  );
  return { ...doc, nodes };
}
