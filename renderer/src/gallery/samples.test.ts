import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGraph } from '../../../engine/core/serialize.js';
import { createRegistry } from '../../../graph-nodes/index.js';
import { inLearningOrder, LEARNING_ORDER, sampleScale } from './samples.js';

describe('the gallery order', () => {
  it('lists the samples in learning order, continued pretraining last, any new sample just before it', () => {
    const files = [...readdirSync('samples').filter((f) => f.endsWith('.graph.json')), 'zz-new.graph.json'];
    const names = files.map((f) => f.replace('.graph.json', ''));
    const order = inLearningOrder(files.map((file) => ({ file }))).map((s) => s.file.replace('.graph.json', ''));
    const unlisted = names.filter((n) => !LEARNING_ORDER.includes(n) && n !== 'continued-pretraining').sort();
    expect(unlisted).toContain('zz-new');
    expect(order).toEqual([...LEARNING_ORDER, ...unlisted, 'continued-pretraining']);
  });
});

describe("a gallery card's scale", () => {
  const registry = createRegistry();
  const sample = (name: string) => parseGraph(readFileSync(`samples/${name}.graph.json`, 'utf8'));

  it("is the optimizer's steps and the engine's weight count", () => {
    const span = sampleScale(sample('span-corruption'), registry);
    expect(span.steps).toBe(10_000);
    const causal = sampleScale(sample('causal-lm'), registry);
    expect(causal.steps).toBe(2_000);
    // a character vocabulary is known once the corpus is read: the count takes 256 symbols, so it says "about"
    expect(causal.approximate).toBe(true);
    expect(causal.parameters).toBeGreaterThan(400_000);
    // contrastive: an image tower as well as a text one
    expect(sampleScale(sample('contrastive-clip'), registry).parameters).toBeGreaterThan(causal.parameters / 10);
  });

  it('says when there is nothing to train', () => {
    const doc = sample('causal-lm');
    const scale = sampleScale({ ...doc, nodes: doc.nodes.filter((n) => n.type !== 'training/optimizer'), edges: doc.edges.filter((e) => e.to.node !== 'optimizer') }, registry);
    expect(scale.steps).toBeNull();
  });
});
