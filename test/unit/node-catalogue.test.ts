import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_DEFINITIONS, createRegistry } from '../../graph-nodes/index.js';

/** Where each node type is defined: the one module under graph-nodes/ that declares its type. */
function moduleOf(type: string): string[] {
  const hits: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && readFileSync(path, 'utf8').includes(`type: '${type}'`)) hits.push(path);
    }
  };
  walk('graph-nodes');
  return hits;
}

const samples = readdirSync('samples')
  .filter((f) => f.endsWith('.graph.json'))
  .map((f) => JSON.parse(readFileSync(join('samples', f), 'utf8')) as { nodes: { type: string }[] });

describe('the node catalogue', () => {
  it('registers every node once', () => {
    expect(createRegistry().all().length).toBe(NODE_DEFINITIONS.length);
  });

  describe.each(NODE_DEFINITIONS.map((d) => [d.type, d] as const))('%s', (type, def) => {
    it('lives in one module of its own, with a test beside it', () => {
      const modules = moduleOf(type);
      expect(modules).toHaveLength(1);
      expect(existsSync(modules[0]!.replace(/\.ts$/, '.test.ts'))).toBe(true);
    });

    it('has docs, a title, and a doc line for every port', () => {
      expect(def.title.length).toBeGreaterThan(2);
      expect(def.docs.length).toBeGreaterThan(120);
      for (const port of [...def.inputs, ...def.outputs]) expect(port.doc.length, `${type}.${port.name}`).toBeGreaterThan(5);
    });

    it('works with its settings left at their defaults', () => {
      expect(def.params.safeParse({}).success).toBe(true);
    });

    it('is used by at least one sample graph', () => {
      expect(samples.some((s) => s.nodes.some((n) => n.type === type))).toBe(true);
    });
  });
});
