import { compileGraph } from '../engine/compile/compile.js';
import { createNodeDataSource } from '../engine/data/node-data-source.js';
import { loadCheckpoint } from '../engine/train/node-checkpoint-store.js';
import { createRegistry } from '../graph-nodes/index.js';
import { measureRun, YARDSTICKS, type YardstickName } from '../yardsticks/index.js';
import type { Measure } from '../yardsticks/measure.js';
import { brownGenres } from '../yardsticks/probe.js';
import { compileRun } from './inference-commands.js';
import type { Options } from './command.js';
import { backendOption } from './train-command.js';

function line(name: YardstickName, m: Measure): string {
  if (m.value === null) return `${name}: n/a (${m.note})`;
  const f = (v: number) => v.toFixed(3);
  const random = typeof m.randomInit === 'number' ? `, same model untrained ${f(m.randomInit)}` : '';
  return `${name}: ${f(m.value)} (baseline ${m.baseline === null ? '-' : f(m.baseline)}${random}; ${m.higherIsBetter ? 'higher' : 'lower'} is better${m.items ? `; ${m.items} items` : ''})`;
}

/** Every yardstick on a finished run's latest checkpoint. */
export async function measureCommand(pos: string[], o: Options): Promise<number> {
  const json = o.json === true;
  const ckpt = await loadCheckpoint(pos[0]!);
  // the run's corpus is read again: yardsticks measure on its held-out text
  const program = await compileRun(ckpt, 'train', backendOption(o));
  const data = createNodeDataSource();
  const random = await compileGraph(ckpt.manifest.graph, { registry: createRegistry(), data, savedStates: ckpt.manifest.sourceStates });
  try {
    const measures = await measureRun(program, { probe: await brownGenres(data), randomInit: random, onProgress: json ? undefined : (m) => process.stderr.write(`measuring ${m}\n`) });
    if (json) process.stdout.write(JSON.stringify({ event: 'measures', run: pos[0], step: ckpt.manifest.step, measures }) + '\n');
    else {
      process.stdout.write(`${pos[0]} at step ${ckpt.manifest.step}:\n`);
      for (const name of Object.keys(YARDSTICKS) as YardstickName[]) process.stdout.write(`  ${line(name, measures[name])}\n    ${YARDSTICKS[name]}\n`);
    }
  } finally {
    program.dispose();
    random.dispose();
  }
  return 0;
}
