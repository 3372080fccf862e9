import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initNodeBackend } from '../../engine/backend/node-backend.js';
import { analyzeGraph } from '../../engine/analysis/validate.js';
import { formatBytes, formatCount } from '../../engine/analysis/size-estimate.js';
import { compileGraph } from '../../engine/compile/compile.js';
import { GraphError } from '../../engine/core/diagnostics.js';
import { serializeGraph } from '../../engine/core/serialize.js';
import { createNodeDataSource } from '../../engine/data/node-data-source.js';
import { createRegistry } from '../../graph-nodes/index.js';
import { tinyGraph } from '../support/tiny-graphs.js';
import { runCli } from '../support/run-cli.js';

/**
 * Issue #13 item 6 and "a size estimate in analysis": weights counted as the engine makes them,
 * a hand-worked step, and the shapes no machine here can train refused at once, on the node that
 * makes them too big, with the figure (before: wasm ran for minutes and died naming no node, or
 * "memory access out of bounds").
 */
const registry = createRegistry();
const SAMPLES = ['causal-lm', 'causal-lm-bpe', 'masked-lm', 'prefix-lm', 'span-corruption', 'ul2-mixture', 'contrastive-clip', 'diffusion-ddpm'];

beforeAll(async () => {
  await initNodeBackend('wasm');
});

describe('the size estimate', () => {
  it.each(SAMPLES)("counts %s's weights node by node exactly as the engine makes them, and allocates nothing to count them", async (sample) => {
    const doc = tinyGraph(sample);
    const before = tf.memory().numTensors;
    analyzeGraph(doc, registry);
    expect(tf.memory().numTensors).toBe(before);
    const program = await compileGraph(doc, { registry, data: createNodeDataSource() });
    try {
      const made = new Map<string, number>();
      for (const v of program.variables) {
        const node = v.name.split('/')[0]!;
        made.set(node, (made.get(node) ?? 0) + v.variable.size);
      }
      const sizes = program.analysis.sizes;
      for (const [id, n] of sizes.nodes) expect(n.parameters, id).toBe(made.get(id) ?? 0);
      expect(sizes.parameters).toBe(program.variables.reduce((a, v) => a + v.variable.size, 0));
      expect(sizes.uncounted).toEqual([]);
      // with the data read, nothing is assumed
      expect(sizes.assumed).toEqual([]);
    } finally {
      program.dispose();
    }
  });

  it('works out a training step by hand: weights x 16 bytes, outputs, attention scores and MLP hidden layers x 4', () => {
    const doc = tinyGraph('causal-lm'); // B 4, T 16, D 32, 1 layer, 2 heads, ffn x4; V assumed 256 before the data is read
    const sizes = analyzeGraph(doc, registry).sizes;
    expect(sizes.assumed).toEqual(['V = 256 (a character vocabulary is known once its tokenizer has read the corpus)']);
    const [B, T, D, H, V] = [4, 16, 32, 2, 256];
    const decoderWeights = 2 * D + 4 * (D * D + D) + 2 * D + (D * 4 * D + 4 * D + 4 * D * D + D) + 2 * D;
    const decoder = sizes.nodes.get('decoder')!;
    expect(decoder.parameters).toBe(decoderWeights);
    expect(decoder.stepBytes).toBe(16 * decoderWeights + 4 * (B * T * D + B * H * T * T + B * T * 4 * D));
    expect(decoder.largest).toEqual({ what: 'MLP hidden layer [4,16,128] in its one layer', elements: B * T * 4 * D });
    expect(sizes.nodes.get('embed')).toEqual({ parameters: V * D, largest: { what: 'output "hidden" [4,16,32]', elements: B * T * D }, stepBytes: 16 * V * D + 4 * B * T * D });
    // the loss keeps the softmax of the logits
    expect(sizes.nodes.get('loss')!.largest).toEqual({ what: 'probabilities [4,16,256]', elements: B * T * V });
    expect(sizes.stepBytes).toBe([...sizes.nodes.values()].reduce((a, n) => a + n.stepBytes, 0));
    expect([formatBytes(512), formatBytes(1536), formatBytes(5 * 1024 ** 3), formatCount(953_412), formatCount(953_412, true), formatCount(2_400_000_000, true)]).toEqual([
      '512 bytes',
      '1.5 KiB',
      '5.0 GiB',
      '953,412',
      '953k',
      '2.4B',
    ]);
  });

  // the two shapes the issue found: validate accepted them, and no backend here could train them
  const huge = {
    'blocks 4096 x batch 1024': tinyGraph('causal-lm', { blocks: { blockSize: 4096, batchSize: 1024 }, positions: { maxLength: 4096 } }),
    '48 layers x d_model 2048': tinyGraph('causal-lm', { embed: { dModel: 2048 }, decoder: { layers: 48, heads: 16 } }),
  };

  it.each(Object.entries(huge))('%s: analysis warns on the node that makes a step too big, with the figure', (_name, doc) => {
    const warning = analyzeGraph(doc, registry).diagnostics.filter((d) => d.severity === 'warning' && /a training step needs about/.test(d.message));
    expect(warning).toHaveLength(1);
    expect(warning[0]).toMatchObject({
      nodeId: 'decoder',
      message: expect.stringMatching(/^a training step needs about [\d.]+ [GT]iB, more than wasm or the cpu backend can hold \(4\.0 GiB\); this node adds the most, [\d.]+ [GT]iB/),
    });
  });

  it.each(Object.entries(huge))('%s: training on wasm is refused before anything is allocated, naming the node', async (_name, doc) => {
    const err = await compileGraph(doc, { registry, data: createNodeDataSource() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect((err as GraphError).diagnostics).toEqual([
      expect.objectContaining({ nodeId: 'decoder', severity: 'error', message: expect.stringMatching(/more than the wasm backend can hold \(4\.0 GiB\)/) }),
    ]);
  });

  it('the CLI says so and exits 1 (the issue: "Aborted()" after 116 s, or killed for memory)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'size-estimate-'));
    try {
      const file = join(dir, 'deep.graph.json');
      writeFileSync(file, serializeGraph(huge['48 layers x d_model 2048']));
      const r = await runCli(['train', file, '--backend', 'wasm', '--out', join(dir, 'run')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/node decoder: a training step needs about [\d.]+ GiB, more than the wasm backend can hold \(4\.0 GiB\); this node adds the most, [\d.]+ GiB: [\d,]+ weights/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
