import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { compileGraph } from '../../engine/compile/compile.js';
import { initNodeBackend } from '../../engine/backend/node-backend.js';
import { createNodeDataSource } from '../../engine/data/node-data-source.js';
import { makeRng } from '../../engine/core/rng.js';
import { train } from '../../engine/train/trainer.js';
import type { TrainingProgram } from '../../engine/compile/program-types.js';
import type { ForwardModel } from '../../engine/runtime/forward-model.js';
import { sampleText } from '../../graph-nodes/eval/sample-text.run.js';
import { createRegistry } from '../../graph-nodes/index.js';
import { tinyGraph } from '../support/tiny-graphs.js';

/**
 * Sampling with a key/value cache reads each new token alone; without it the model reads the whole
 * context every step. Both must give the same text for the same seed, on every backend: the cache
 * is a speed-up, never a different sampler. Checked on trained tiny models (sharp logits, where a
 * wrong position or mask would change the text at once), past the context length (so the window
 * drops its oldest quarter and the cache is rebuilt), with learnt and sinusoidal positions and
 * with relative-position biases.
 */

const registry = createRegistry();
const data = createNodeDataSource();
const PARAMS = { prompt: 'The whale ', tokens: 120, temperature: 0.8, topK: 0 };

/** The same model without its incremental decoder: sampling falls back to reading the whole context. */
const uncached = (m: ForwardModel): ForwardModel => ({ ...m, decoder: undefined });

const graphs = {
  'causal LM, learnt positions': tinyGraph('causal-lm'),
  'causal LM, sinusoidal positions and relative-position biases': tinyGraph('causal-lm', {
    positions: { kind: 'sinusoidal' },
    decoder: { relativePositions: 4 },
  }),
  'prefix LM (sampled plainly causal)': tinyGraph('prefix-lm'),
};

describe.each(['wasm', 'cpu'] as const)('sampling with a key/value cache on %s', (backend) => {
  const programs: TrainingProgram[] = [];
  beforeAll(async () => {
    expect(await initNodeBackend(backend)).toBe(backend);
  });
  afterAll(() => programs.forEach((p) => p.dispose()));

  it.each(Object.entries(graphs))('%s: the same text as without the cache, for the same seed', async (_name, doc) => {
    const program = await compileGraph(doc, { registry, data });
    programs.push(program);
    await train({ program, steps: 20 });
    const sampleId = program.evalNodeIds.find((id) => program.analysis.nodes.get(id)!.def!.type === 'eval/sample-text')!;
    const model = program.outputModel(sampleId, 'logits');
    expect(model.decoder, 'the model decodes incrementally').toBeDefined();
    // the text outgrows the context several times: the window drops its oldest quarter and the cache is rebuilt
    expect(model.contextLength).toBeLessThan(PARAMS.tokens / 4);

    const tensors = tf.memory().numTensors;
    const cached = await sampleText(PARAMS, model, makeRng(7));
    expect(tf.memory().numTensors, 'the cache frees what it kept').toBe(tensors);
    const plain = await sampleText(PARAMS, uncached(model), makeRng(7));
    expect(cached).toEqual(plain);
    expect((cached as { text: string }).text.length).toBeGreaterThan(PARAMS.prompt.length + 50);
    // another seed samples another text: the comparison above is not between two constants
    expect(await sampleText(PARAMS, model, makeRng(8))).not.toEqual(cached);
  });

  it('each step of the cache gives the logits reading the whole context gives', async () => {
    const program = await compileGraph(graphs['causal LM, sinusoidal positions and relative-position biases'], { registry, data });
    programs.push(program);
    await train({ program, steps: 20 });
    const model = program.outputModel('sample', 'logits');
    const ids = model.vocabulary!.encode('Call me Ishmael.');
    const decoder = model.decoder!();
    try {
      for (let t = 1; t <= ids.length; t++) {
        const step = decoder.next(tf.tensor2d([ids[t - 1]!], [1, 1], 'int32'));
        const whole = model.run(tf.tensor2d(ids.slice(0, t), [1, t], 'int32'));
        const last = whole.slice([0, t - 1, 0], [1, 1, -1]);
        const diff = tf.max(tf.abs(tf.sub(step, last))).dataSync()[0]!;
        expect(diff, `position ${t - 1}`).toBeLessThan(1e-4);
        tf.dispose([step, whole, last]);
      }
      expect(decoder.length).toBe(ids.length);
    } finally {
      decoder.dispose();
    }
  });
});
