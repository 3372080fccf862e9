import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { parseGraph } from '../../engine/core/serialize.js';
import { compileGraph } from '../../engine/compile/compile.js';
import { initNodeBackend } from '../../engine/backend/node-backend.js';
import { createNodeDataSource } from '../../engine/data/node-data-source.js';
import { train } from '../../engine/train/trainer.js';
import type { TrainEvent } from '../../engine/train/events.js';
import type { GraphDocument } from '../../engine/core/graph-document.js';
import { createRegistry } from '../../graph-nodes/index.js';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

/**
 * The CLIP-style sample at its own model size and batch, on a quarter of its schedule (100 of 400
 * steps) and 500 held-out images: ~20 s on wasm here, where the whole sample takes minutes on a
 * slow machine. `npx pretrain-lab train samples/contrastive-clip.graph.json` prints the full
 * figure (README).
 */
function quarterSchedule(doc: GraphDocument): GraphDocument {
  const set: Record<string, Record<string, unknown>> = {
    optimizer: { steps: 100, warmupSteps: 12, evalInterval: 50 },
    zeroShot: { images: 500 },
  };
  return { ...doc, nodes: doc.nodes.map((n) => ({ ...n, params: { ...n.params, ...set[n.id] } })) };
}

it('the CLIP-style sample, on a quarter of its schedule, classifies at least 80% of 500 held-out digits zero-shot', async () => {
  const doc = quarterSchedule(parseGraph(readFileSync('samples/contrastive-clip.graph.json', 'utf8')));
  const program = await compileGraph(doc, { registry: createRegistry(), data: createNodeDataSource() });
  const events: TrainEvent[] = [];
  try {
    await train({ program, onEvent: (e) => events.push(e) });
  } finally {
    program.dispose();
  }
  const out = events.find((e) => e.event === 'output' && e.nodeId === 'zeroShot');
  if (out?.event !== 'output' || out.output.kind !== 'table') throw new Error('no zero-shot table');
  const row = (name: string) => Number(out.output.kind === 'table' && out.output.rows.find((r) => r[0] === name)?.[1]);
  expect(out.output.title).toContain('500 held-out images');
  // chance is about 0.1 for zero-shot accuracy and recall@1
  expect(row('zero-shot accuracy')).toBeGreaterThanOrEqual(0.8);
  expect(row('image -> caption recall@1')).toBeGreaterThanOrEqual(0.8);
  expect(row('caption -> image recall@5')).toBeGreaterThanOrEqual(0.9);
});
