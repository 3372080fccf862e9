import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../engine/compile/compile.js';
import { initNodeBackend } from '../../engine/backend/node-backend.js';
import { GraphError, NodeRunError } from '../../engine/core/diagnostics.js';
import { createRegistry } from '../../graph-nodes/index.js';
import { tinyGraph } from '../../test/support/tiny-graphs.js';
import { createBrowserDataSource } from './browser-data-source.js';
import { PREVIEW_BATCH_INDEX, previewNode, SourceStageCache } from './preview.js';
import type { DataSource } from '../../engine/data/data-source.js';
import type { PreviewValue } from '../src/run/training-client.js';
import { createNodeDataSource } from '../../engine/data/node-data-source.js';

const registry = createRegistry();
const data = createBrowserDataSource();
const preview = (doc: Parameters<typeof previewNode>[0], nodeId: string) => previewNode(doc, nodeId, { registry, data });

beforeAll(async () => {
  await initNodeBackend('wasm');
});

describe('previewing a node', () => {
  it('gives the masking node the very batch the first training step draws, tokens decoded', async () => {
    const doc = tinyGraph('masked-lm');
    const result = await preview(doc, 'masking');
    expect(Object.keys(result.outputs).sort()).toEqual(['inputs', 'targets', 'weights']);

    const program = await compileGraph(doc, { registry, data });
    const batch = program.nextBatch('train', PREVIEW_BATCH_INDEX);
    program.dispose();
    for (const port of ['inputs', 'targets', 'weights']) {
      const v = result.outputs[port]!;
      if (v.kind !== 'tensor') throw new Error(`${port} is not a tensor`);
      expect(v.tensor, port).toEqual(batch.get(`masking.${port}`));
    }

    const inputs = result.outputs.inputs as Extract<(typeof result.outputs)[string], { kind: 'tensor' }>;
    const targets = result.outputs.targets as typeof inputs;
    const weights = result.outputs.weights as typeof inputs;
    expect(inputs.role).toBe('token-ids');
    expect(weights.role).toBe('loss-weights');
    expect(weights.tokens).toBeUndefined();
    expect(inputs.tensor.shape).toEqual([4, 16]);
    expect(inputs.tokens).toHaveLength(4);
    expect(inputs.tokens![0]).toHaveLength(16);
    // the targets read as the original text; the inputs differ from them only where the loss looks
    const flatIn = inputs.tokens!.flat();
    const flatTarget = targets.tokens!.flat();
    expect(flatIn).toContain('[MASK]');
    expect(flatTarget).not.toContain('[MASK]');
    flatIn.forEach((t, i) => {
      if (t !== flatTarget[i]) expect(weights.tensor.data[i]).toBe(1);
    });
  });

  it('shows a corpus by its size, its split and a passage from inside, and a tokenizer as tokens of a vocabulary', async () => {
    const doc = tinyGraph('causal-lm');
    const corpus = await preview(doc, 'corpus');
    const c = corpus.outputs.text as Extract<(typeof corpus.outputs)[string], { kind: 'corpus' }>;
    expect(c.kind).toBe('corpus');
    // tinyGraph keeps 30,000 characters, 10% held out
    expect(c.trainChars + c.valChars).toBeGreaterThan(29_000);
    expect(c.valChars / (c.trainChars + c.valChars)).toBeCloseTo(0.1, 1);
    expect(c.shared).toBe(false);
    expect(c.passageAt).toBeGreaterThan(0);
    expect(c.passage.length).toBeGreaterThan(100);
    expect(c.heldOut.length).toBeGreaterThan(100);
    const tokens = await preview(doc, 'tokenizer');
    const stream = tokens.outputs.tokens as Extract<(typeof tokens.outputs)[string], { kind: 'tokens' }>;
    expect(stream.kind).toBe('tokens');
    expect(stream.total).toBe(c.trainChars);
    expect(stream.vocabularySize).toBeGreaterThan(30);
    // the training text as it starts, character by character
    expect(stream.tokens.map((t) => t.text).join('').length).toBe(stream.tokens.length);
  });

  it('shows an image set as images spread over its classes, with their names', async () => {
    // MNIST from the package, as the CLI reads it (the browser's source fetches it from the app's assets)
    const images = (await previewNode(tinyGraph('contrastive-clip'), 'mnist', { registry, data: createNodeDataSource() })).outputs.images as Extract<PreviewValue, { kind: 'images' }>;
    expect(images).toMatchObject({ kind: 'images', width: 28, height: 28, count: 16 });
    expect(images.pixels).toHaveLength(16 * 784);
    expect(new Set(images.labels).size).toBeGreaterThan(5);
    expect(images.train + images.val).toBe(600);
  });

  it('decodes the causal shift: the targets are the inputs moved on by one', async () => {
    const result = await preview(tinyGraph('causal-lm'), 'shift');
    const inputs = result.outputs.inputs as { tokens: string[][] };
    const targets = result.outputs.targets as { tokens: string[][] };
    expect(inputs.tokens[0]!.slice(1)).toEqual(targets.tokens[0]!.slice(0, -1));
  });

  it('is not held up by problems downstream of the node, but names one upstream', async () => {
    const brokenModel = tinyGraph('causal-lm', { decoder: { heads: 3 } });
    await expect(preview(brokenModel, 'shift')).resolves.toMatchObject({ nodeId: 'shift' });
    const brokenData = tinyGraph('causal-lm', { blocks: { blockSize: 1 } });
    const err = await preview(brokenData, 'shift').catch((e) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect((err as GraphError).diagnostics[0]!.nodeId).toBe('blocks');
  });

  it('refuses model nodes and unknown nodes, saying why', async () => {
    const doc = tinyGraph('causal-lm');
    const model = await preview(doc, 'decoder').catch((e) => e);
    expect(model).toBeInstanceOf(NodeRunError);
    expect(model).toMatchObject({ nodeId: 'decoder', message: expect.stringContaining('is a model node: a preview shows what data, tokenizer, batching and masking nodes produce') });
    await expect(preview(doc, 'nope')).rejects.toThrow('there is no node "nope" in this graph');
  });

  it('reads a user file registered by name, and pins an unknown one to the corpus node', async () => {
    const ds = createBrowserDataSource();
    ds.registerUserFiles({ 'notes.txt': 'Call me Ishmael.\n'.repeat(200) });
    const base = tinyGraph('causal-lm');
    const withFile = (path: string) => ({ ...base, nodes: base.nodes.map((n) => (n.id === 'corpus' ? { ...n, params: { source: 'file', path, valFraction: 0.5 } } : n)) });
    const ok = await previewNode(withFile('notes.txt'), 'corpus', { registry, data: ds });
    expect((ok.outputs.text as { passage: string }).passage.startsWith('Call me Ishmael.\n')).toBe(true);
    const err = await previewNode(withFile('other.txt'), 'corpus', { registry, data: ds }).catch((e) => e);
    expect(err).toMatchObject({ nodeId: 'corpus', message: 'could not load "other.txt": no file named "other.txt" has been opened in the app (it has: notes.txt)' });
  });

  it('keeps the source stage between previews of the same data, and redoes it when the data changes', async () => {
    let loads = 0;
    const counting: DataSource = { builtinCorpus: (n) => (loads++, data.builtinCorpus(n)), userText: (p) => data.userText(p) };
    const cache = new SourceStageCache();
    const doc = tinyGraph('causal-lm');
    const first = await previewNode(doc, 'shift', { registry, data: counting, cache });
    // a model setting is not the data's business; the blocks' sampling is not cached
    const again = await previewNode(tinyGraph('causal-lm', { decoder: { heads: 4 }, blocks: { batchSize: 2 } }), 'shift', { registry, data: counting, cache });
    expect(loads).toBe(1);
    expect((again.outputs.inputs as { tensor: { shape: number[] } }).tensor.shape).toEqual([2, 16]);
    expect((again.outputs.inputs as { tokens: string[][] }).tokens[0]).toEqual((first.outputs.inputs as { tokens: string[][] }).tokens[0]);
    await previewNode(tinyGraph('causal-lm', { corpus: { maxChars: 20000 } }), 'shift', { registry, data: counting, cache });
    expect(loads).toBe(2);
    cache.clear();
    await previewNode(doc, 'shift', { registry, data: counting, cache });
    expect(loads).toBe(3);
  });
});
