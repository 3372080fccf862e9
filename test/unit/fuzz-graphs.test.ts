import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GraphError, NodeRunError } from '../../engine/core/diagnostics.js';
import { DocumentError, parseGraph } from '../../engine/core/serialize.js';
import { analyzeGraph } from '../../engine/analysis/validate.js';
import { exportGraph } from '../../engine/export/export-graph.js';
import { readRepoSource } from '../../engine/export/node-library-source.js';
import { createRegistry } from '../../graph-nodes/index.js';
import { fuzzCase } from '../support/graph-fuzzer.js';

/**
 * 10,000 damaged graph files (test/support/graph-fuzzer.ts), each taken where a user's file goes:
 * load, analyse and, when analysis finds no error, export. Every problem must come back as a
 * diagnostic (a DocumentError, diagnostics, or a GraphError / NodeRunError naming the node):
 * anything else escaping — a TypeError, a stack overflow, a hang — is a bug.
 */
const CASES = 10_000;
const registry = createRegistry();
const samples = readdirSync('samples')
  .filter((f) => f.endsWith('.graph.json'))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(`samples/${f}`, 'utf8') }));


describe('fuzzed graph files', () => {
  it(`load, analyse and export ${CASES.toLocaleString('en-US')} of them with every problem a diagnostic`, () => {
    const escapes: string[] = [];
    const outcomes = { refusedOnLoad: 0, diagnosed: 0, exported: 0, refusedOnExport: 0 };
    let slowest = { ms: 0, what: '' };
    for (let seed = 0; seed < CASES; seed++) {
      const sample = samples[seed % samples.length]!;
      const c = fuzzCase(sample.text, seed);
      const t0 = performance.now();
      try {
        const doc = parseGraph(c.text);
        const analysis = analyzeGraph(doc, registry);
        if (analysis.diagnostics.some((d) => d.severity === 'error')) outcomes.diagnosed++;
        else {
          exportGraph(doc, { registry, read: readRepoSource, fileName: 'fuzz.ts' });
          outcomes.exported++;
        }
      } catch (e) {
        if (e instanceof DocumentError) outcomes.refusedOnLoad++;
        else if (e instanceof GraphError || e instanceof NodeRunError) outcomes.refusedOnExport++;
        else escapes.push(`seed ${seed} (${sample.name}; ${c.mutations.join('; ')}): ${(e as Error)?.constructor?.name}: ${(e as Error)?.message?.slice(0, 200)}`);
      }
      const ms = performance.now() - t0;
      if (ms > slowest.ms) slowest = { ms, what: `seed ${seed} (${sample.name}; ${c.mutations.join('; ')})` };
    }
    console.log(`fuzz: ${CASES} cases: ${JSON.stringify(outcomes)}; ${escapes.length} escaped; slowest ${slowest.ms.toFixed(0)} ms: ${slowest.what}`);
    expect(escapes.slice(0, 20)).toEqual([]);
    // the fuzzer reaches every stage, or the test proves little
    for (const stage of ['refusedOnLoad', 'diagnosed', 'exported'] as const) expect(outcomes[stage], stage).toBeGreaterThan(0);
  });
});
