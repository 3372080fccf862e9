import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseGraph } from '../../engine/core/serialize.js';
import { analyzeGraph } from '../../engine/analysis/validate.js';
import { compileGraph } from '../../engine/compile/compile.js';
import { initNodeBackend } from '../../engine/backend/node-backend.js';
import { createNodeDataSource } from '../../engine/data/node-data-source.js';
import { train } from '../../engine/train/trainer.js';
import type { TrainEvent } from '../../engine/train/events.js';
import { createRegistry } from '../../graph-nodes/index.js';
import { tinyGraphWithRuns } from '../support/tiny-runs.js';

const registry = createRegistry();
const samples = readdirSync('samples')
  .filter((f) => f.endsWith('.graph.json'))
  .map((f) => f.replace('.graph.json', ''));

beforeAll(async () => {
  await initNodeBackend('wasm');
});

describe.each(samples)('sample %s', (name) => {
  it('validates with no errors and no warnings, and has layout and a note for every reader', () => {
    const doc = parseGraph(readFileSync(`samples/${name}.graph.json`, 'utf8'));
    expect(analyzeGraph(doc, registry).diagnostics).toEqual([]);
    for (const n of doc.nodes) expect(doc.layout[n.id], `layout of ${n.id}`).toBeDefined();
    expect(doc.notes.length).toBeGreaterThan(0);
  });

  it('trains (shrunk) with a falling loss and runs its output nodes', async () => {
    const events: TrainEvent[] = [];
    const program = await compileGraph(await tinyGraphWithRuns(name), { registry, data: createNodeDataSource() });
    try {
      const r = await train({ program, steps: 30, onEvent: (e) => events.push(e) });
      for (const l of r.losses) expect(Number.isFinite(l)).toBe(true);
      const head = r.losses.slice(0, 5).reduce((a, b) => a + b) / 5;
      const tail = r.losses.slice(-5).reduce((a, b) => a + b) / 5;
      expect(tail).toBeLessThan(head);
      const outputs = events.filter((e) => e.event === 'output');
      expect(outputs.length).toBe(program.evalNodeIds.length);
      expect(outputs.length).toBeGreaterThan(0);
    } finally {
      program.dispose();
    }
  });
});
