import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../engine/core/graph-document.js';
import { analyzeGraph } from '../../engine/analysis/validate.js';
import { compileGraph } from '../../engine/compile/compile.js';
import { initNodeBackend } from '../../engine/backend/node-backend.js';
import { createNodeDataSource } from '../../engine/data/node-data-source.js';
import { train } from '../../engine/train/trainer.js';
import type { TrainEvent } from '../../engine/train/events.js';
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
  });

  it("says, on the tokenizer node, which SOTU characters the checkpoint's vocabulary lacks and drops", async () => {
    const run = await tinyRun('masked-lm', 60);
    // the whole corpora: Moby-Dick has no "%", SOTU speeches do ("4%", "10 percent" both occur)
    const continued = tinyGraph('continued-pretraining', { checkpoint: { run }, corpus: { maxChars: 2_000_000 } });
    const program = await compileGraph(continued, { registry, data });
    const events: TrainEvent[] = [];
    try {
      await train({ program, steps: 1, onEvent: (e) => events.push(e) });
    } finally {
      program.dispose();
    }
    const warnings = events.filter((e) => e.event === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ nodeId: 'tokenizer', message: expect.stringMatching(/characters of the text \(\d+ distinct: .*"%" x\d+.*\) are not in the saved vocabulary .* dropped/) });
    // the event comes right after start, before any step
    expect(events.map((e) => e.event).slice(0, 2)).toEqual(['start', 'warning']);
  });
});
