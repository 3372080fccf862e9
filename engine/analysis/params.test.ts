import { describe, expect, it } from 'vitest';
import { NodeRunError, OverrideError } from '../core/diagnostics.js';
import { createRegistry } from '../../graph-nodes/index.js';
import { settingsForRun } from './params.js';

describe("an output node's settings for one run", () => {
  const sample = createRegistry().get('eval/sample-text')!;
  const graph = { prompt: 'The whale', tokens: 200, temperature: 0.8, topK: 0 };

  it("are the graph's, with the run's overrides on top", () => {
    expect(settingsForRun(sample, 'sample', graph, { tokens: 15, temperature: 1.2 })).toMatchObject({ prompt: 'The whale', tokens: 15, temperature: 1.2 });
  });

  it('blame a refused override on the override, naming its setting', () => {
    let caught: unknown;
    try {
      settingsForRun(sample, 'sample', graph, { temperature: 0 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(OverrideError);
    expect((caught as OverrideError).param).toBe('temperature');
    expect((caught as OverrideError).message).toMatch(/at least 0\.01 \(got 0\)/);
  });

  it("blame the node's own setting when the override is fine", () => {
    expect(() => settingsForRun(sample, 'sample', { ...graph, temperature: 0 }, { tokens: 15 })).toThrow(NodeRunError);
    expect(() => settingsForRun(sample, 'sample', { ...graph, temperature: 0 }, { tokens: 15 })).toThrow(/setting "temperature"/);
  });
});
