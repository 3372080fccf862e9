import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../engine/core/graph-document.js';
import { analyzeGraph } from '../../engine/analysis/validate.js';
import { compileGraph } from '../../engine/compile/compile.js';
import { initNodeBackend } from '../../engine/backend/node-backend.js';
import { createNodeDataSource } from '../../engine/data/node-data-source.js';
import { train } from '../../engine/train/trainer.js';
import { createRegistry } from '../../graph-nodes/index.js';
import { tinyGraph } from '../support/tiny-graphs.js';
import { tinyRun } from '../support/tiny-runs.js';

const registry = createRegistry();
const data = createNodeDataSource();

beforeAll(async () => {
  await initNodeBackend('wasm');
});

/** The same graph without its checkpoint node: the loss goes straight to the optimizer. */
function fromScratch(doc: GraphDocument): GraphDocument {
  const load = doc.nodes.find((n) => n.type === 'checkpoint/load-weights')!.id;
  const into = doc.edges.find((e) => e.to.node === load)!.from;
  return {
    ...doc,
    nodes: doc.nodes.filter((n) => n.id !== load),
    edges: doc.edges.filter((e) => e.to.node !== load).map((e) => (e.from.node === load ? { ...e, from: into } : e)),
    layout: Object.fromEntries(Object.entries(doc.layout).filter(([id]) => id !== load)),
  };
}

async function firstLosses(doc: GraphDocument, steps: number): Promise<number[]> {
  const program = await compileGraph(doc, { registry, data });
  try {
    return (await train({ program, steps })).losses;
  } finally {
    program.dispose();
  }
}

describe('continued pretraining (shrunk): masked LM on Moby-Dick, then SOTU', () => {
  it('starts SOTU at a lower loss than the same graph trained from scratch', async () => {
    const run = await tinyRun('masked-lm', 60);
    const continued = tinyGraph('continued-pretraining', { checkpoint: { run } });
    const scratch = fromScratch(continued);
    expect(analyzeGraph(scratch, registry).diagnostics).toEqual([]);
    const a = await firstLosses(continued, 3);
    const b = await firstLosses(scratch, 3);
    expect(a[0]!).toBeLessThan(b[0]!);
    expect(a[0]!).toBeLessThan(b[0]! - 0.3);
  }, 60_000);
});
