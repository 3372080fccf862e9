import { formatDiagnostic, NodeRunError } from '../core/diagnostics.js';
import { parseArgs } from 'node:util';
import { USAGE } from './usage.js';
import { validateCommand } from './validate-command.js';
import { trainCommand } from './train-command.js';
import { fillMaskCommand, generateCommand, sampleCommand } from './inference-commands.js';
import { infillCommand } from './infill-command.js';
import { exportCommand } from './export-command.js';
import { previewCommand } from './preview-command.js';
import { compareCommand } from './compare-command.js';
import { measureCommand } from './measure-command.js';

export class UsageError extends Error {}

export type Options = Record<string, string | boolean | undefined>;

const COMMANDS: Record<string, { options: Record<string, { type: 'string' | 'boolean'; short?: string }>; run(pos: string[], o: Options): Promise<number> }> = {
  validate: { options: { json: { type: 'boolean' } }, run: validateCommand },
  measure: { options: { backend: { type: 'string' }, json: { type: 'boolean' } }, run: measureCommand },
  compare: {
    options: { 'budget-tokens': { type: 'string' }, seeds: { type: 'string' }, out: { type: 'string' }, backend: { type: 'string' }, json: { type: 'boolean' } },
    run: compareCommand,
  },
  preview: { options: { split: { type: 'string' }, batch: { type: 'string' }, json: { type: 'boolean' } }, run: previewCommand },
  train: {
    options: {
      steps: { type: 'string' },
      backend: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      resume: { type: 'string' },
      devices: { type: 'string' },
      json: { type: 'boolean' },
    },
    run: trainCommand,
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
    run: sampleCommand,
  },
  'fill-mask': { options: { 'top-k': { type: 'string' }, backend: { type: 'string' } }, run: fillMaskCommand },
  infill: { options: { backend: { type: 'string' } }, run: infillCommand },
  export: { options: { out: { type: 'string', short: 'o' }, target: { type: 'string' } }, run: exportCommand },
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
    run: generateCommand,
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

export function intOption(o: Options, name: string, min: number): number | undefined {
  const v = o[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number >= ${min}, got "${v}"`);
  return n;
}

export function numberOption(o: Options, name: string): number | undefined {
  const v = o[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got "${v}"`);
  return n;
}
