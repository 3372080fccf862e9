import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { parseGraph } from '../../engine/core/serialize.js';
import { compileGraph } from '../../engine/compile/compile.js';
import { initNodeBackend } from '../../engine/backend/node-backend.js';
import { createNodeDataSource } from '../../engine/data/node-data-source.js';
import { train } from '../../engine/train/trainer.js';
import type { TrainEvent } from '../../engine/train/events.js';
import { createRegistry } from '../../graph-nodes/index.js';

beforeAll(async () => {
  await initNodeBackend('wasm');
});

// Issue #4's bar for the contrastive sample, with its own defaults (about a minute on wasm).
it('the CLIP-style sample classifies at least 80% of 1000 held-out digits zero-shot', async () => {
  const doc = parseGraph(readFileSync('samples/contrastive-clip.graph.json', 'utf8'));
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
  expect(out.output.title).toContain('1000 held-out images');
  expect(row('zero-shot accuracy')).toBeGreaterThanOrEqual(0.8);
  expect(row('image -> caption recall@1')).toBeGreaterThanOrEqual(0.8);
  expect(row('caption -> image recall@5')).toBeGreaterThanOrEqual(0.9);
});
