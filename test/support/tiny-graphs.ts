import { readFileSync } from 'node:fs';
import { parseGraph } from '../../engine/core/serialize.js';
import type { GraphDocument } from '../../engine/core/graph-document.js';

/** Settings, by node type, that shrink a graph to train in seconds. */
const SMALL: Record<string, Record<string, unknown>> = {
  'data/text-corpus': { maxChars: 30000 },
  'tokenizer/bpe': { vocabSize: 300 },
  'batching/blocks': { blockSize: 16, batchSize: 4 },
  'model/token-embedding': { dModel: 32 },
  'model/positional-embedding': { maxLength: 24 },
  'model/transformer-encoder': { layers: 1, heads: 2 },
  'model/transformer-decoder': { layers: 1, heads: 2 },
  'training/optimizer': { steps: 30, evalInterval: 10, evalBatches: 2, warmupSteps: 5 },
  'eval/sample-text': { tokens: 20 },
  'data/mnist': { maxPerDigit: 60 },
  'batching/image-captions': { batchSize: 16, captionLength: 16 },
  'model/image-encoder': { hidden: 32, dModel: 32 },
  'model/projection': { dim: 16 },
  'eval/zero-shot-retrieval': { images: 50 },
  'noise-schedule/betas': { steps: 100 },
  'batching/images': { batchSize: 16 },
  'model/timestep-embedding': { dModel: 32 },
  'model/mlp-denoiser': { hidden: 32, blocks: 1 },
  'eval/generate-images': { count: 4, steps: 5 },
};

/**
 * A sample graph (samples/<name>.graph.json) shrunk to train in seconds: the same nodes and
 * wiring, smaller settings. `overrides` are by node id and win over the shrinking.
 */
export function tinyGraph(sample: string, overrides: Record<string, Record<string, unknown>> = {}): GraphDocument {
  const doc = parseGraph(readFileSync(`samples/${sample}.graph.json`, 'utf8'));
  // a causal shift eats one token of each block: keep the model's length at 16 either way
  const shifted = doc.nodes.some((n) => n.type === 'masking/causal-shift');
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      const small = { ...SMALL[n.type] };
      if (n.type === 'batching/blocks') small.blockSize = shifted ? 17 : 16;
      return { ...n, params: { ...n.params, ...small, ...(overrides[n.id] ?? {}) } };
    }),
  };
}

/**
 * A shrunk sample whose model reads 32 tokens: long enough for the compare yardsticks' items
 * (generation's 16 + 6 characters, the probe's windows of 20), which tinyGraph's 16 are not.
 */
export function shrunkForYardsticks(sample: string): GraphDocument {
  const doc = tinyGraph(sample);
  const shifted = doc.nodes.some((n) => n.type === 'masking/causal-shift');
  const longer: Record<string, Record<string, unknown>> = {};
  for (const n of doc.nodes) {
    if (n.type === 'batching/blocks') longer[n.id] = { blockSize: shifted ? 33 : 32 };
    if (n.type === 'model/positional-embedding') longer[n.id] = { maxLength: 32 };
  }
  return tinyGraph(sample, longer);
}

/**
 * Overrides, by node id, setting every text batching node's batch size. At 16 blocks of 16 the
 * one-hot embedding rows (B*T x V, V >= 64) pass the size at which transpose2d switches to its
 * tiled layout, as the full-size samples do; the shrunk batch of 4 never reaches it, and that is
 * the path that once failed on webgpu.
 */
export function textBatchOverrides(sample: string, batchSize: number): Record<string, Record<string, unknown>> {
  const doc = parseGraph(readFileSync(`samples/${sample}.graph.json`, 'utf8'));
  return Object.fromEntries(doc.nodes.filter((n) => n.type === 'batching/blocks').map((n) => [n.id, { batchSize }]));
}
