import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGraph } from '../../engine/core/serialize.js';
import { initNodeBackend } from '../../engine/backend/node-backend.js';
import { tinyGraphWithRuns } from '../support/tiny-runs.js';
import { exportToRoot, trainBoth, typeCheck, withSampleRuns, worstRelativeDifference } from '../support/export-golden.js';

/**
 * Issue #5's golden test: every sample, exported, type-checks with the issue's tsc command, runs
 * with `npx tsx`, and its first 50 losses equal the engine's within 1e-5 relative — on wasm at
 * the sample's own size (a checkpoint node reading a one-step run of the sample it names), on cpu shrunk (the cpu backend takes minutes per sample at full size;
 * `npm run export-golden` runs both backends at full size).
 */

const STEPS = 50;
const TOLERANCE = 1e-5;
const samples = readdirSync('samples')
  .filter((f) => f.endsWith('.graph.json'))
  .map((f) => f.replace('.graph.json', ''));
const programs: string[] = [];
const runsDir = mkdtempSync(join(tmpdir(), 'export-golden-runs-'));

beforeAll(async () => {
  // tinyGraphWithRuns trains the runs continued-pretraining starts from, in this process
  await initNodeBackend('wasm');
});
afterAll(() => {
  for (const p of programs) rmSync(p, { force: true });
  rmSync(runsDir, { recursive: true, force: true });
});

describe.each(samples)('exported %s', (name) => {
  it(`trains the same ${STEPS} losses as the engine: wasm at full size, cpu shrunk`, async () => {
    const full = await withSampleRuns(parseGraph(readFileSync(`samples/${name}.graph.json`, 'utf8')), runsDir);
    const small = await tinyGraphWithRuns(name);
    const wasmDoc = full;
    const wasmProgram = await exportToRoot(wasmDoc, `${name}-wasm`);
    const cpuProgram = await exportToRoot(small, `${name}-cpu`);
    programs.push(wasmProgram, cpuProgram);

    const checked = await typeCheck([wasmProgram, cpuProgram]);
    expect(checked.stdout + checked.stderr).toBe('');
    expect(checked.code).toBe(0);

    for (const [backend, doc, program] of [
      ['wasm', wasmDoc, wasmProgram],
      ['cpu', small, cpuProgram],
    ] as const) {
      const { engine, exported } = await trainBoth(doc, program, backend, STEPS);
      expect(exported.stderr, `${backend}: the exported program's errors`).not.toMatch(/Error/);
      expect(exported.code, `${backend}: exit code of the exported program`).toBe(0);
      expect(engine.code).toBe(0);
      expect(engine.losses).toHaveLength(STEPS);
      expect(exported.losses).toHaveLength(STEPS);
      expect(worstRelativeDifference(engine.losses, exported.losses), `${backend}: worst relative difference`).toBeLessThanOrEqual(TOLERANCE);
      // the losses must move: equal constant sequences would prove nothing
      expect(new Set(engine.losses).size).toBeGreaterThan(STEPS / 2);
      expect(Math.abs(exported.valLoss! - engine.valLoss!) / engine.valLoss!).toBeLessThanOrEqual(TOLERANCE);
      expect(Object.keys(exported.metrics!)).toEqual(Object.keys(engine.metrics!));
      // the output nodes sample, fill and infill from the same weights with the same seeds
      expect(Object.keys(engine.outputs).length).toBeGreaterThan(0);
      expect(exported.outputs).toEqual(engine.outputs);
    }
  });
});
