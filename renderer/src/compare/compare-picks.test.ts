import { describe, expect, it } from 'vitest';
import { openGraphSource, restoredOrigin, uniqueSource } from './compare-picks.js';

describe('compare picks', () => {
  it('name a second graph of the same source apart', () => {
    expect(uniqueSource('a.graph.json', [])).toBe('a.graph.json');
    expect(uniqueSource('a.graph.json', ['a.graph.json', 'a.graph.json (2)'])).toBe('a.graph.json (3)');
  });

  it('after a reload, list an unsaved open graph as the open graph and any other as a file', () => {
    const open = openGraphSource('Untitled');
    expect(restoredOrigin(open)).toBe('open graph');
    expect(restoredOrigin(uniqueSource(open, [open]))).toBe('open graph');
    expect(restoredOrigin('my objective.graph.json')).toBe('file');
    expect(restoredOrigin('notes (open graph) draft.graph.json')).toBe('file');
  });
});
