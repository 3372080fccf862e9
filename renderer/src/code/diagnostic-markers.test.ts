import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGraph, serializeGraph } from '../../../engine/core/serialize.js';
import { analyzeGraph } from '../../../engine/analysis/validate.js';
import { createRegistry } from '../../../graph-nodes/index.js';
import { diagnosticMarkers } from './diagnostic-markers.js';
import { jsonValueSpans, spanOf } from './json-paths.js';

const registry = createRegistry();

describe('problems marked on the JSON text', () => {
  it('finds every value by its path', () => {
    const text = '{ "a": [1, {"b": "x\\"y"}], "c": true }';
    const spans = jsonValueSpans(text);
    const at = (path: (string | number)[]) => {
      const s = spanOf(spans, path)!;
      return text.slice(s.start, s.end);
    };
    expect(at(['a', 0])).toBe('1');
    expect(at(['a', 1, 'b'])).toBe('"x\\"y"');
    expect(at(['c'])).toBe('true');
    expect(at(['a'])).toBe('[1, {"b": "x\\"y"}]');
  });

  it('marks an out-of-range setting on its value, as an error naming the node and setting', () => {
    const doc = parseGraph(readFileSync('samples/causal-lm.graph.json', 'utf8'));
    const bad = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'decoder' ? { ...n, params: { ...n.params, heads: 500 } } : n)) };
    const text = serializeGraph(bad);
    const markers = diagnosticMarkers(text, bad, analyzeGraph(bad, registry).diagnostics);
    expect(markers).toHaveLength(1);
    const m = markers[0]!;
    expect(m.severity).toBe('error');
    expect(m.message).toMatch(/^node decoder, setting "heads": /);
    const line = text.split('\n')[m.startLineNumber - 1]!;
    expect(line.slice(m.startColumn - 1, m.endColumn - 1)).toBe('500');
  });

  it('marks a warning about an input on the edge into it, or on the node when nothing is connected', () => {
    const doc = parseGraph(readFileSync('samples/masked-lm.graph.json', 'utf8'));
    const cut = { ...doc, edges: doc.edges.filter((e) => !(e.to.node === 'loss' && e.to.port === 'weights')) };
    const text = serializeGraph(cut);
    const [m] = diagnosticMarkers(text, cut, analyzeGraph(cut, registry).diagnostics);
    expect(m!.severity).toBe('warning');
    expect(text.split('\n')[m!.startLineNumber - 1]).toContain('"id": "loss"');
  });
});
