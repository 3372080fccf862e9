import { readFileSync } from 'node:fs';
import { parseGraph } from '../../engine/core/serialize.js';
import type { GraphDocument } from '../../engine/core/graph-document.js';

/** A sample graph shrunk to train in seconds: the same nodes and wiring, smaller settings. */
export function tinyGraph(sample: 'causal-lm' | 'masked-lm', overrides: Record<string, Record<string, unknown>> = {}): GraphDocument {
  const doc = parseGraph(readFileSync(`samples/${sample}.graph.json`, 'utf8'));
  const small: Record<string, Record<string, unknown>> = {
    corpus: { maxChars: 30000 },
    blocks: { blockSize: sample === 'causal-lm' ? 17 : 16, batchSize: 4 },
    embed: { dModel: 32 },
    positions: { maxLength: 16 },
    decoder: { layers: 1, heads: 2 },
    encoder: { layers: 1, heads: 2 },
    optimizer: { steps: 30, evalInterval: 10, evalBatches: 2, warmupSteps: 5 },
    sample: { tokens: 20 },
    ...overrides,
  };
  return {
    ...doc,
    nodes: doc.nodes.map((n) => ({ ...n, params: { ...n.params, ...(small[n.id] ?? {}) } })),
  };
}
