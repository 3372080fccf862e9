import { formatDiagnostic, NodeRunError } from '../engine/core/diagnostics.js';
import { USAGE } from './usage.js';
import { intOption, UsageError, type Options } from './command.js';
import { nearestName, parseCommandArgs } from './parse-command-args.js';

export { UsageError, type Options } from './command.js';

type Command = (pos: string[], o: Options) => Promise<number>;
/** Each command's module loads when it runs: help and usage errors answer at once, and `validate` never loads the trainer. */
const lazy =
  (load: () => Promise<Record<string, unknown>>, name: string): Command =>
  async (pos, o) =>
    ((await load())[name] as Command)(pos, o);

/**
 * A command's arguments, checked before its module loads, so that a usage error answers at once
 * (loading the engine and tfjs takes seconds): how many positionals, what to say otherwise, and
 * the options that must be whole numbers (name: least value). The commands read them knowing this.
 */
const expects =
  (count: number | [min: number, max: number], say: string | ((given: number) => string), wholeNumbers: Record<string, number> = {}) =>
  (pos: string[], o: Options): void => {
    const [min, max] = typeof count === 'number' ? [count, count] : count;
    if (pos.length < min || pos.length > max) throw new UsageError(typeof say === 'string' ? say : say(pos.length));
    checkWholeNumbers(o, wholeNumbers);
  };
const checkWholeNumbers = (o: Options, least: Record<string, number>) => Object.entries(least).forEach(([name, min]) => intOption(o, name, min));

type Check = (pos: string[], o: Options) => void;

const COMMANDS: Record<string, { options: Record<string, { type: 'string' | 'boolean'; short?: string }>; check: Check; run: Command }> = {
  validate: { options: { json: { type: 'boolean' } }, check: expects([1, Infinity], 'which graph file?'), run: lazy(() => import('./validate-command.js'), 'validateCommand') },
  measure: {
    options: { backend: { type: 'string' }, json: { type: 'boolean' } },
    check: expects(1, 'give one run folder'),
    run: lazy(() => import('./measure-command.js'), 'measureCommand'),
  },
  compare: {
    options: { 'budget-tokens': { type: 'string' }, seeds: { type: 'string' }, out: { type: 'string' }, backend: { type: 'string' }, json: { type: 'boolean' } },
    check: expects([1, Infinity], 'give the graph files (or sample names) to compare', { 'budget-tokens': 1, seeds: 1 }),
    run: lazy(() => import('./compare-command.js'), 'compareCommand'),
  },
  preview: {
    options: { split: { type: 'string' }, batch: { type: 'string' }, json: { type: 'boolean' } },
    check: expects(2, (n) => (n < 2 ? 'give a graph file and the id of the node to preview' : 'give one graph file and one node id'), { batch: 1 }),
    run: lazy(() => import('./preview-command.js'), 'previewCommand'),
  },
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
    check: (pos, o) => {
      if (pos.length > 1 || (pos.length === 0 && !o.resume)) throw new UsageError('give one graph file (or --resume RUN_DIR)');
      checkWholeNumbers(o, { steps: 1, seed: 0, devices: 1 });
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
    check: expects(1, 'give one run folder', { tokens: 1, 'top-k': 0, seed: 0 }),
    run: lazy(() => import('./inference-commands.js'), 'sampleCommand'),
  },
  'fill-mask': {
    options: { 'top-k': { type: 'string' }, backend: { type: 'string' } },
    check: expects(2, 'give a run folder and a text with [MASK] in it', { 'top-k': 1 }),
    run: lazy(() => import('./inference-commands.js'), 'fillMaskCommand'),
  },
  infill: {
    options: { backend: { type: 'string' } },
    check: expects(2, 'give a run folder and a text with <extra_id_0>, <extra_id_1>, ... in it'),
    run: lazy(() => import('./infill-command.js'), 'infillCommand'),
  },
  export: {
    options: { out: { type: 'string', short: 'o' }, target: { type: 'string' } },
    check: expects(1, (n) => (n ? 'give one graph file' : 'which graph file?')),
    run: lazy(() => import('./export-command.js'), 'exportCommand'),
  },
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
    check: expects(1, 'give one run folder', { count: 1, steps: 1, columns: 1, scale: 1, seed: 0 }),
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
  if (command === '--version' || command === '-v' || command === '-V' || command === 'version') {
    const { cliVersion } = await import('./version.js');
    process.stdout.write(`pretrain-lab ${cliVersion()}\n`);
    return 0;
  }
  const spec = COMMANDS[command];
  if (!spec) {
    const near = nearestName(command, Object.keys(COMMANDS));
    process.stderr.write(`pretrain-lab: unknown command "${command}"${near ? ` (did you mean ${near}?)` : ''}\n\n${USAGE.main}\n`);
    return 2;
  }
  try {
    const parsed = parseCommandArgs(rest, { ...spec.options, help: { type: 'boolean', short: 'h' } });
    if (parsed.values.help) {
      process.stdout.write(USAGE[command] + '\n');
      return 0;
    }
    spec.check(parsed.positionals, parsed.values as Options);
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
