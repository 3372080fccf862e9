// Every sample at its own size, trained by the engine and by its exported program, on cpu and
// wasm: prints how far apart the first N losses are, and whether the outputs match. The test
// suite (test/export/golden.test.ts) runs the cpu half on shrunk samples only, since the cpu
// backend takes minutes per sample at full size. Usage:
//   npm run export-golden [-- --steps 50] [--backend cpu|wasm] [--samples causal-lm,masked-lm]
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseGraph } from '../engine/core/serialize.js';
import { exportToRoot, trainBoth, typeCheck, withSampleRuns, worstRelativeDifference } from '../test/support/export-golden.js';

const { values } = parseArgs({ options: { steps: { type: 'string' }, backend: { type: 'string' }, samples: { type: 'string' } } });
const steps = Number(values.steps ?? 50);
const backends = (values.backend ? [values.backend] : ['wasm', 'cpu']) as ('cpu' | 'wasm')[];
const samples =
  values.samples?.split(',') ??
  readdirSync('samples')
    .filter((f) => f.endsWith('.graph.json'))
    .map((f) => f.replace('.graph.json', ''));
const runsDir = mkdtempSync(join(tmpdir(), 'export-golden-runs-'));
let failures = 0;
try {
  for (const name of samples) {
    const doc = await withSampleRuns(parseGraph(readFileSync(`samples/${name}.graph.json`, 'utf8')), runsDir);
    const program = await exportToRoot(doc, `${name}-golden`);
    try {
      const checked = await typeCheck([program]);
      const lines = readFileSync(program, 'utf8').split('\n').length;
      console.log(`${name}: exported ${lines} lines; tsc --strict ${checked.code === 0 ? 'clean' : 'FAILED\n' + checked.stdout}`);
      if (checked.code !== 0) failures++;
      for (const backend of backends) {
        const t0 = performance.now();
        const { engine, exported } = await trainBoth(doc, program, backend, steps);
        const seconds = ((performance.now() - t0) / 1000).toFixed(0);
        const worst = worstRelativeDifference(engine.losses, exported.losses);
        const outputsMatch = JSON.stringify(engine.outputs) === JSON.stringify(exported.outputs);
        const ok = worst <= 1e-5 && outputsMatch && exported.code === 0;
        if (!ok) failures++;
        console.log(
          `  ${backend}: ${engine.losses.length} / ${exported.losses.length} losses, worst relative difference ${worst.toExponential(2)}, ` +
            `first ${engine.losses[0]?.toFixed(4)} last ${engine.losses.at(-1)?.toFixed(4)}, held-out ${engine.valLoss?.toFixed(4)} / ${exported.valLoss?.toFixed(4)}, ` +
            `outputs ${outputsMatch ? 'identical' : 'DIFFER'} (${seconds} s, both side by side)${ok ? '' : '  <-- FAILED ' + exported.stderr.slice(0, 300)}`,
        );
      }
    } finally {
      rmSync(program, { force: true });
    }
  }
} finally {
  rmSync(runsDir, { recursive: true, force: true });
}
process.exitCode = failures ? 1 : 0;
