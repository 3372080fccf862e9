import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GraphDocument } from '../../engine/core/graph-document.js';
import { parseGraph } from '../../engine/core/serialize.js';
import { compileGraph } from '../../engine/compile/compile.js';
import { createNodeDataSource } from '../../engine/data/node-data-source.js';
import { DirectoryCheckpointStore } from '../../engine/train/node-checkpoint-store.js';
import { train } from '../../engine/train/trainer.js';
import { createRegistry } from '../../graph-nodes/index.js';
import { tinyGraph } from './tiny-graphs.js';

const runs = new Map<string, Promise<string>>();

/** The samples as the tests shrink them (tiny-graphs.ts), or as committed. */
export type SampleSize = 'shrunk' | 'full';
const sampleGraph = (sample: string, size: SampleSize): GraphDocument => (size === 'shrunk' ? tinyGraph(sample) : parseGraph(readFileSync(`samples/${sample}.graph.json`, 'utf8')));

/**
 * A run folder holding the sample `sample` (shrunk, or as committed) trained for `steps` steps:
 * made once per process (per sample, size and step count) in a temp folder. Call after a
 * backend is initialised.
 */
export function sampleRun(sample: string, steps: number, size: SampleSize): Promise<string> {
  const key = `${sample}@${steps}@${size}`;
  let dir = runs.get(key);
  if (!dir) {
    dir = (async () => {
      const out = join(mkdtempSync(join(tmpdir(), 'pretrain-lab-run-')), sample);
      const program = await compileGraph(sampleGraph(sample, size), { registry: createRegistry(), data: createNodeDataSource() });
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

/** The shrunk sample `sample` trained for `steps` steps (sampleRun). */
export const tinyRun = (sample: string, steps = 30): Promise<string> => sampleRun(sample, steps, 'shrunk');

/** Each checkpoint node of `doc` that points at "runs/<sample>" (the samples' convention) pointed at sampleRun's run of it. */
async function withSampleRuns(sample: string, doc: GraphDocument, steps: number, size: SampleSize, overrides: Record<string, Record<string, unknown>> = {}): Promise<GraphDocument> {
  const nodes = await Promise.all(
    doc.nodes.map(async (n) => {
      const run = (n.params as { run?: unknown }).run;
      if (n.type !== 'checkpoint/load-weights' || typeof run !== 'string' || overrides[n.id]?.run !== undefined) return n;
      const source = /^runs\/([\w-]+)$/.exec(run)?.[1];
      if (!source) throw new Error(`${sample}: checkpoint node ${n.id} points at ${run}, not runs/<sample>`);
      return { ...n, params: { ...n.params, run: await sampleRun(source, steps, size) } };
    }),
  );
  return { ...doc, nodes };
}

/** A sample as committed, its checkpoint nodes pointed at a `steps`-step run of their source sample at full size (the shapes loading checks). */
export function sampleGraphWithRuns(sample: string, steps = 1): Promise<GraphDocument> {
  return withSampleRuns(sample, sampleGraph(sample, 'full'), steps, 'full');
}

/**
 * tinyGraph, with each checkpoint node that points at "runs/<sample>" (the samples' convention:
 * train samples/<sample>.graph.json --out runs/<sample> first) pointed at a shrunk run of it.
 */
export function tinyGraphWithRuns(sample: string, overrides: Record<string, Record<string, unknown>> = {}, steps = 30): Promise<GraphDocument> {
  return withSampleRuns(sample, tinyGraph(sample, overrides), steps, 'shrunk', overrides);
}
