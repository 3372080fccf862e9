import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGraph } from '../core/serialize.js';
import { createRegistry } from '../../graph-nodes/index.js';
import { analyzeGraph } from './validate.js';

const registry = createRegistry();
const sample = (name: string) => parseGraph(readFileSync(`samples/${name}.graph.json`, 'utf8'));
const without = (name: string, to: string) => {
  const doc = sample(name);
  return { ...doc, edges: doc.edges.filter((e) => `${e.to.node}.${e.to.port}` !== to) };
};

describe('loss weights left unconnected', () => {
  it('BERT masking without its weights on the loss is a warning on the loss, naming what to connect', () => {
    const diagnostics = analyzeGraph(without('masked-lm', 'loss.weights'), registry).diagnostics;
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ nodeId: 'loss', port: 'weights', severity: 'warning' });
    expect(diagnostics[0]!.message).toMatch(/targets come from BERT masking \(node masking\).*masking\.weights \(1 at picked positions, 0 elsewhere\).*not connected.*Connect masking\.weights to loss\.weights\./);
  });

  it('the same for any objective that marks the positions that count (a prefix LM)', () => {
    const diagnostics = analyzeGraph(without('prefix-lm', 'loss.weights'), registry).diagnostics;
    expect(diagnostics.map((d) => [d.nodeId, d.port, d.severity])).toEqual([['loss', 'weights', 'warning']]);
  });

  it('says nothing when the weights are connected, or the targets carry none (a causal LM)', () => {
    expect(analyzeGraph(sample('masked-lm'), registry).diagnostics).toEqual([]);
    expect(analyzeGraph(sample('causal-lm'), registry).diagnostics).toEqual([]);
  });
});
