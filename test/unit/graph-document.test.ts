import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { DocumentError, parseGraph, serializeGraph } from '../../engine/core/serialize.js';
import { migrateDocument } from '../../engine/core/migrations.js';

const samples = readdirSync('samples').filter((f) => f.endsWith('.graph.json'));

describe('graph document', () => {
  it('every sample loads through the migration path and round-trips byte for byte', () => {
    expect(samples.length).toBeGreaterThanOrEqual(2);
    for (const f of samples) {
      const text = readFileSync(`samples/${f}`, 'utf8');
      const doc = parseGraph(text);
      const again = serializeGraph(parseGraph(serializeGraph(doc)));
      expect(again).toBe(serializeGraph(doc));
      expect(JSON.parse(again)).toEqual(JSON.parse(JSON.stringify(doc)));
    }
  });

  it('reads a file saved with a byte-order mark (as some Windows editors save) as the same graph', () => {
    const text = readFileSync(`samples/${samples[0]}`, 'utf8');
    expect(parseGraph(`\uFEFF${text}`)).toEqual(parseGraph(text));
    expect(() => parseGraph('\uFEFF')).toThrow(/empty/);
  });

  it('v1 -> v1 migration is the identity', () => {
    const raw = JSON.parse(readFileSync(`samples/${samples[0]}`, 'utf8'));
    expect(migrateDocument(structuredClone(raw))).toEqual(raw);
  });

  it('saves keys in a stable order whatever order they were given in', () => {
    const a = parseGraph(JSON.stringify({ format: 'pretrain-lab/graph', version: 1, name: 'x', seed: 1, nodes: [{ id: 'n', type: 't', params: { b: 1, a: 2 } }], edges: [], notes: [], layout: { z: { x: 1, y: 2 }, a: { y: 0, x: 3 } } }));
    const b = parseGraph(JSON.stringify({ layout: { a: { x: 3, y: 0 }, z: { y: 2, x: 1 } }, notes: [], edges: [], nodes: [{ params: { a: 2, b: 1 }, type: 't', id: 'n' }], seed: 1, name: 'x', version: 1, format: 'pretrain-lab/graph' }));
    expect(serializeGraph(a)).toBe(serializeGraph(b));
    expect(serializeGraph(a).indexOf('"a"')).toBeLessThan(serializeGraph(a).indexOf('"b"'));
  });

  it.each([
    ['', /empty/],
    ['{', /not valid JSON/],
    ['[]', /JSON object/],
    ['{"format":"other"}', /not a Pretrain Lab graph/],
    ['{"format":"pretrain-lab/graph","version":7}', /newer than this app/],
    ['{"format":"pretrain-lab/graph","version":1,"name":"x","seed":-1,"nodes":[],"edges":[]}', /seed/],
    ['{"format":"pretrain-lab/graph","version":1,"name":"x","seed":1,"nodes":[{"id":"a b","type":"t"}],"edges":[]}', /id/],
  ])('rejects %j with a clear message', (text, message) => {
    expect(() => parseGraph(text)).toThrow(DocumentError);
    expect(() => parseGraph(text)).toThrow(message);
  });

  it('names the node that holds a duplicate id', () => {
    try {
      parseGraph(JSON.stringify({ format: 'pretrain-lab/graph', version: 1, name: 'x', seed: 1, nodes: [{ id: 'a', type: 't' }, { id: 'a', type: 'u' }], edges: [] }));
      expect.unreachable();
    } catch (e) {
      expect((e as DocumentError).nodeId).toBe('a');
    }
  });
});
