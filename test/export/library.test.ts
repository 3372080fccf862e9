import { describe, expect, it } from 'vitest';
import { collectLibrary, declaredNames, mergeExternals, parseModule } from '../../engine/export/library.js';
import { readRepoSource } from '../../engine/export/node-library-source.js';
import { RUNTIME_USES } from '../../engine/export/program-template.js';
import { NODE_DEFINITIONS } from '../../graph-nodes/index.js';

/** The rules that let exported programs copy the engine's code in verbatim. */
describe('the export library', () => {
  const allUses = [...RUNTIME_USES, ...NODE_DEFINITIONS.flatMap((d) => d.emit?.uses ?? [])];
  const library = collectLibrary([...new Set(allUses)], readRepoSource);

  it('every node that feeds training says how an export runs it', () => {
    const missing = NODE_DEFINITIONS.filter((d) => d.stage !== 'eval' && d.stage !== 'train' && !d.emit).map((d) => d.type);
    expect(missing).toEqual([]);
  });

  it('imports only tfjs, Node built-ins, corpus packages and other library modules', () => {
    // collectLibrary throws on anything else; this names what it reached
    expect(library.length).toBeGreaterThan(20);
    for (const m of library) for (const dep of m.deps) expect(library.some((x) => x.path === dep), `${m.path} -> ${dep}`).toBe(true);
  });

  it('declares every top-level name once across the whole library, since the export is one file', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const m of library) {
      for (const name of declaredNames(m.body)) {
        if (seen.has(name)) clashes.push(`${name}: ${seen.get(name)} and ${m.path}`);
        else seen.set(name, m.path);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('refuses a module that imports something an exported program could not have', () => {
    expect(() => parseModule('engine/x.ts', "import { z } from 'zod';\nexport const a = 1;\n")).toThrow(/engine\/x\.ts imports zod/);
    expect(() => parseModule('engine/x.ts', "export { a } from './a.js';\n")).toThrow(/re-export/);
  });

  it('strips imports and exports, and merges package imports', () => {
    const a = parseModule('engine/a.ts', "import * as tf from '@tensorflow/tfjs';\nimport { b } from './b.js';\nexport function a() {\n  return b(tf);\n}\n");
    const b = parseModule('engine/b.ts', "import { readFile } from 'node:fs/promises';\nimport type { X } from './x.js';\nexport const b = (x: unknown) => x;\n");
    expect(a.body).toBe('function a() {\n  return b(tf);\n}');
    expect(a.deps).toEqual(['engine/b.ts']);
    expect(b.deps).toEqual(['engine/x.ts']);
    expect(mergeExternals([a, b])).toEqual(["import * as tf from '@tensorflow/tfjs';", "import { readFile } from 'node:fs/promises';"]);
  });
});
