import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inLearningOrder, LEARNING_ORDER } from './samples.js';

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
