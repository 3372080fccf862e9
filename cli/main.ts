import { formatDiagnostic, NodeRunError } from '../engine/core/diagnostics.js';
import { parseArgs } from 'node:util';
import { USAGE } from './usage.js';
import { UsageError, type Options } from './command.js';

export { UsageError, type Options } from './command.js';

type Command = (pos: string[], o: Options) => Promise<number>;
/** Each command's module loads when it runs: help and usage errors answer at once, and `validate` never loads the trainer. */
const lazy =
  (load: () => Promise<Record<string, unknown>>, name: string): Command =>
  async (pos, o) =>
    ((await load())[name] as Command)(pos, o);

const COMMANDS: Record<string, { options: Record<string, { type: 'string' | 'boolean'; short?: string }>; run: Command }> = {
  validate: { options: { json: { type: 'boolean' } }, run: lazy(() => import('./validate-command.js'), 'validateCommand') },
  measure: { options: { backend: { type: 'string' }, json: { type: 'boolean' } }, run: lazy(() => import('./measure-command.js'), 'measureCommand') },
  compare: {
    options: { 'budget-tokens': { type: 'string' }, seeds: { type: 'string' }, out: { type: 'string' }, backend: { type: 'string' }, json: { type: 'boolean' } },
    run: lazy(() => import('./compare-command.js'), 'compareCommand'),
  },
  preview: { options: { split: { type: 'string' }, batch: { type: 'string' }, json: { type: 'boolean' } }, run: lazy(() => import('./preview-command.js'), 'previewCommand') },
  train: {
    options: {
      steps: { type: 'string' },
      backend: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      resume: { type: 'string' },
      devices: { type: 'string' },
      fsdp: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    run: lazy(() => import('./train-command.js'), 'trainCommand'),
  },
  sample: {
    options: {
      prompt: { type: 'string' },
      tokens: { type: 'string' },
      temperature: { type: 'string' },
      'top-k': { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
    },
    run: lazy(() => import('./inference-commands.js'), 'sampleCommand'),
  },
  'fill-mask': { options: { 'top-k': { type: 'string' }, backend: { type: 'string' } }, run: lazy(() => import('./inference-commands.js'), 'fillMaskCommand') },
  infill: { options: { backend: { type: 'string' } }, run: lazy(() => import('./infill-command.js'), 'infillCommand') },
  export: { options: { out: { type: 'string', short: 'o' }, target: { type: 'string' } }, run: lazy(() => import('./export-command.js'), 'exportCommand') },
  generate: {
    options: {
      count: { type: 'string', short: 'n' },
      out: { type: 'string', short: 'o' },
      sampler: { type: 'string' },
      steps: { type: 'string' },
      columns: { type: 'string' },
      scale: { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
    },
    run: lazy(() => import('./inference-commands.js'), 'generateCommand'),
  },
};

/** Runs the CLI; returns the exit code: 0 ok, 1 the input is wrong (graph, run), 2 usage. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE.main + '\n');
    return command ? 0 : 2;
  }
  const spec = COMMANDS[command];
  if (!spec) {
    process.stderr.write(`pretrain-lab: unknown command "${command}"\n\n${USAGE.main}\n`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...spec.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    process.stderr.write(`pretrain-lab ${command}: ${(e as Error).message}\n\n${USAGE[command]}\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE[command] + '\n');
    return 0;
  }
  try {
    return await spec.run(parsed.positionals, parsed.values as Options);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`pretrain-lab ${command}: ${e.message}\n\n${USAGE[command]}\n`);
      return 2;
    }
    if (e instanceof NodeRunError) {
      process.stderr.write(`pretrain-lab ${command}: ${formatDiagnostic(e.toDiagnostic())}\n`);
      return 1;
    }
    // Anything unexpected still gets one plain line; the stack only on request.
    process.stderr.write(`pretrain-lab ${command}: ${(e as Error).message ?? e}\n`);
    if (process.env.PRETRAIN_LAB_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    return 1;
  }
}
