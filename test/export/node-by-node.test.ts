import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GraphDocument } from '../../engine/core/graph-document.js';
import { analyzeGraph } from '../../engine/analysis/validate.js';
import { initNodeBackend } from '../../engine/backend/node-backend.js';
import { createRegistry } from '../../graph-nodes/index.js';
import { addNode, connect, emptyDocument, setParams } from '../../renderer/src/document/edits.js';
import { exportToRoot, trainBoth, typeCheck, worstRelativeDifference } from '../support/export-golden.js';
import { tinyGraph } from '../support/tiny-graphs.js';

/**
 * A graph built the way a person builds one in the app — node by node, with the editor's own
 * edits, ids as the editor makes them ("text-corpus", "transformer-decoder", ...) — using
 * settings no sample uses (dropout, sinusoidal positions, relative positions, an untied head with a bias, label
 * smoothing, plain Adam with linear decay, a fixed prefix), exported and trained both ways.
 */

const registry = createRegistry();
let program = '';
let shared = '';

beforeAll(async () => {
  await initNodeBackend('wasm');
});
afterAll(() => {
  for (const p of [program, shared]) if (p) rmSync(p, { force: true });
});

function buildGraph(): GraphDocument {
  let doc = emptyDocument('Prefix LM built by hand');
  const ids: Record<string, string> = {};
  const add = (type: string, params: Record<string, unknown> = {}) => {
    const r = addNode(doc, registry, type, { x: Object.keys(ids).length * 300, y: 0 });
    doc = setParams(r.doc, r.id, params);
    ids[type] = r.id;
    return r.id;
  };
  const wire = (from: string, fromPort: string, to: string, toPort: string) => {
    doc = connect(doc, { from: { node: from, port: fromPort }, to: { node: to, port: toPort } });
  };
  const corpus = add('data/text-corpus', { source: 'sotu', maxChars: 40000, valFraction: 0.1 });
  const tokenizer = add('tokenizer/char', { specialTokens: ['pad'] });
  wire(corpus, 'text', tokenizer, 'text');
  const blocks = add('batching/blocks', { blockSize: 25, batchSize: 4 });
  wire(tokenizer, 'tokens', blocks, 'tokens');
  const split = add('masking/prefix-lm', { split: 'fixed', fraction: 0.25 });
  wire(blocks, 'ids', split, 'ids');
  const embed = add('model/token-embedding', { dModel: 32, initStd: 0.05 });
  wire(split, 'inputs', embed, 'ids');
  const positions = add('model/positional-embedding', { kind: 'sinusoidal', maxLength: 32 });
  wire(embed, 'hidden', positions, 'hidden');
  const decoder = add('model/transformer-decoder', { layers: 1, heads: 2, ffnMultiplier: 2, dropout: 0.1, relativePositions: 4 });
  wire(positions, 'hidden', decoder, 'hidden');
  wire(split, 'prefix', decoder, 'prefix');
  const head = add('model/lm-head', { bias: true });
  wire(decoder, 'hidden', head, 'hidden');
  const loss = add('loss/cross-entropy', { labelSmoothing: 0.1 });
  wire(head, 'logits', loss, 'logits');
  wire(split, 'targets', loss, 'targets');
  wire(split, 'weights', loss, 'weights');
  const optimizer = add('training/optimizer', { optimizer: 'adam', decay: 'linear', learningRate: 0.005, warmupSteps: 5, steps: 50, evalInterval: 20, evalBatches: 2 });
  wire(loss, 'loss', optimizer, 'loss');
  return { ...doc, seed: 7 };
}

it('a graph built node by node in the editor exports to a program that trains the same losses: 50 steps on wasm, 15 on cpu', async () => {
  const doc = buildGraph();
  expect(analyzeGraph(doc, registry).diagnostics).toEqual([]);
  program = await exportToRoot(doc, 'node-by-node');
  const checked = await typeCheck([program]);
  expect(checked.stdout + checked.stderr).toBe('');
  // the cpu backend is pure JavaScript: fewer steps show the same agreement
  for (const [backend, steps] of [
    ['wasm', 50],
    ['cpu', 15],
  ] as const) {
    const { engine, exported } = await trainBoth(doc, program, backend, steps);
    expect(exported.code, exported.stderr).toBe(0);
    expect(engine.losses).toHaveLength(steps);
    expect(new Set(engine.losses).size).toBeGreaterThan(steps / 2);
    expect(worstRelativeDifference(engine.losses, exported.losses), backend).toBeLessThanOrEqual(1e-5);
    expect(Math.abs(exported.valLoss! - engine.valLoss!) / engine.valLoss!).toBeLessThanOrEqual(1e-5);
  }
});

it('a T5 graph whose encoder, decoder and head share one embedding table exports to the same losses', async () => {
  const small = tinyGraph('span-corruption', { optimizer: { steps: 30, evalInterval: 30, evalBatches: 2 } });
  const doc: GraphDocument = {
    ...small,
    edges: [
      ...small.edges.filter((e) => !(e.to.node === 'head' && e.to.port === 'tiedTable')),
      { from: { node: 'encoderEmbed', port: 'table' }, to: { node: 'decoderEmbed', port: 'sharedTable' } },
      { from: { node: 'encoderEmbed', port: 'table' }, to: { node: 'head', port: 'tiedTable' } },
    ],
  };
  expect(analyzeGraph(doc, registry).diagnostics).toEqual([]);
  shared = await exportToRoot(doc, 'shared-table');
  const checked = await typeCheck([shared]);
  expect(checked.stdout + checked.stderr).toBe('');
  const { engine, exported } = await trainBoth(doc, shared, 'wasm', 30);
  expect(exported.code, exported.stderr).toBe(0);
  expect(new Set(engine.losses).size).toBeGreaterThan(15);
  expect(worstRelativeDifference(engine.losses, exported.losses)).toBeLessThanOrEqual(1e-5);
  // one table, not two: the decoder's embedding made no variable of its own
  expect(readFileSync(shared, 'utf8').replace(/\s+/g, ' ')).toMatch(/const decoderEmbed = tokenEmbedding\( ?config\.decoderEmbed, [^,]+, true,/);
});
