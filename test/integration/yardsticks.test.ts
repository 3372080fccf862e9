import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../engine/compile/compile.js';
import { initNodeBackend } from '../../engine/backend/node-backend.js';
import { createNodeDataSource } from '../../engine/data/node-data-source.js';
import { train } from '../../engine/train/trainer.js';
import type { TrainingProgram } from '../../engine/compile/program-types.js';
import { createRegistry } from '../../graph-nodes/index.js';
import { measureRun, type YardstickName } from '../../yardsticks/index.js';
import { brownGenres, type ProbeData } from '../../yardsticks/probe.js';
import { findTextModel } from '../../yardsticks/text-model.js';
import { tinyGraph } from '../support/tiny-graphs.js';

/**
 * Every yardstick on every kind of sample run (shrunk, a few steps): each applies where the
 * model can be measured that way and says why not elsewhere. The figures of full runs are
 * `pretrain-lab compare`'s (README).
 */

const registry = createRegistry();
const data = createNodeDataSource();
let probe: ProbeData;

beforeAll(async () => {
  await initNodeBackend('wasm');
  const all = await brownGenres(data);
  // a quarter of Brown keeps the test quick
  const keep = all.documents.map((_, i) => i).filter((i) => i % 4 === 0);
  probe = { classes: all.classes, documents: keep.map((i) => all.documents[i]!), labels: keep.map((i) => all.labels[i]!) };
});

async function trained(sample: string): Promise<TrainingProgram> {
  const program = await compileGraph(tinyGraph(sample), { registry, data });
  await train({ program, steps: 10 });
  return program;
}

const small = { generation: { items: 16, context: 6, continuation: 4 }, infill: { items: 16, window: 10, span: 2 }, probe: { windows: 2, width: 8 } };

describe.each([
  ['causal-lm', 'causal', ['generation', 'probe'], ['infillChars', 'infillExact', 'retrieval']],
  ['prefix-lm', 'causal', ['generation', 'probe'], ['infillChars', 'retrieval']],
  ['masked-lm', 'bidirectional', ['infillChars', 'infillExact', 'probe'], ['generation', 'retrieval']],
  ['span-corruption', 'encoder-decoder', ['generation', 'infillChars', 'infillExact', 'probe'], ['retrieval']],
  ['ul2-mixture', 'encoder-decoder', ['generation', 'infillChars', 'infillExact', 'probe'], ['retrieval']],
])('yardsticks on a %s run', (sample, kind, applies, not) => {
  it(`finds a ${kind} model, measures ${applies.join(', ')} with baselines, and says why not ${not.join(', ')}`, async () => {
    const program = await trained(sample);
    const random = await compileGraph(tinyGraph(sample), { registry, data });
    try {
      const found = findTextModel(program);
      expect(found.ok && found.model.kind).toBe(kind);
      const m = await measureRun(program, { probe, randomInit: random, options: small });
      for (const name of applies as YardstickName[]) {
        expect(m[name].value, name).toBeTypeOf('number');
        expect(Number.isFinite(m[name].value), name).toBe(true);
        expect(m[name].baseline, name).toBeTypeOf('number');
      }
      for (const name of not as YardstickName[]) {
        expect(m[name].value, name).toBeNull();
        expect(m[name].note, name).toBeTruthy();
      }
      // every text yardstick has the untrained model beside it, read the same way
      for (const name of applies as YardstickName[]) expect(m[name].randomInit, name).toBeTypeOf('number');
      // ten steps already beat random weights at predicting the next character
      if (applies.includes('generation')) expect(m.generation.randomInit).toBeGreaterThan(m.generation.value!);
    } finally {
      program.dispose();
      random.dispose();
    }
  });
});

it('measures retrieval on a contrastive run, and nothing textual', async () => {
  const program = await trained('contrastive-clip');
  try {
    const m = await measureRun(program, { probe, options: small });
    expect(m.retrieval.value).toBeGreaterThanOrEqual(0);
    expect(m.retrieval.baseline).toBeCloseTo(0.1, 6);
    expect(m.imageToCaption.value).toBeTypeOf('number');
    expect(m.generation.value).toBeNull();
    expect(m.probe.note).toMatch(/not a language model/);
  } finally {
    program.dispose();
  }
});
