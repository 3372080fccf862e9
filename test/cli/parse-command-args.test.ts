import { describe, expect, it } from 'vitest';
import { intOption, numberOption, UsageError } from '../../cli/command.js';
import { nearestName, nearestOption, parseCommandArgs, type OptionSpecs } from '../../cli/parse-command-args.js';

const options: OptionSpecs = {
  steps: { type: 'string' },
  seed: { type: 'string' },
  temperature: { type: 'string' },
  'top-k': { type: 'string' },
  count: { type: 'string', short: 'n' },
  out: { type: 'string', short: 'o' },
  json: { type: 'boolean' },
};
const refusal = (args: string[]): string => {
  try {
    parseCommandArgs(args, options);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`${JSON.stringify(args)} was accepted`);
};

describe("the CLI's option parsing", () => {
  it('takes a negative number as the value it is, for the option to judge', () => {
    expect(parseCommandArgs(['--steps', '-1', 'g.json'], options)).toMatchObject({ values: { steps: '-1' }, positionals: ['g.json'] });
    expect(parseCommandArgs(['-n', '-2', '--temperature', '-.5'], options).values).toMatchObject({ count: '-2', temperature: '-.5' });
    expect(() => intOption({ steps: '-1' }, 'steps', 1)).toThrow('--steps must be a whole number >= 1, got "-1"');
    // after --, everything is a positional
    expect(parseCommandArgs(['--', '--steps', '-1'], options).positionals).toEqual(['--steps', '-1']);
  });

  it('answers an unknown option with the nearest one, when one is near and no other as near', () => {
    expect(refusal(['--step', '3'])).toBe('unknown option --step (did you mean --steps?)');
    expect(refusal(['--temprature=2'])).toBe('unknown option --temprature (did you mean --temperature?)');
    expect(refusal(['--top', '5'])).toBe('unknown option --top (did you mean --top-k?)');
    expect(refusal(['--prompt', 'x'])).toBe('unknown option --prompt');
    expect(refusal(['-x'])).toBe('unknown option -x');
    // "s" begins both seed and steps: no guess; "se" begins seed alone
    expect(nearestOption('--s', Object.keys(options))).toBeUndefined();
    expect(nearestOption('--se', Object.keys(options))).toBe('seed');
  });

  it('answers a mistyped command with the nearest one, but guesses nothing from one letter or a flag', () => {
    const commands = ['validate', 'measure', 'compare', 'preview', 'train', 'sample', 'fill-mask', 'infill', 'export', 'generate'];
    expect(nearestName('trian', commands)).toBe('train');
    expect(nearestName('exprt', commands)).toBe('export');
    expect(nearestName('validat', commands)).toBe('validate');
    for (const given of ['-v', '-V', '--version', 'v', 'e']) expect(nearestName(given, commands), given).toBeUndefined();
  });

  it('says what a value problem is in words', () => {
    expect(refusal(['--steps'])).toBe('--steps needs a value');
    expect(refusal(['-n'])).toBe('--count needs a value');
    expect(refusal(['--json=yes'])).toBe('--json takes no value');
    expect(refusal(['--out', '-weird'])).toBe('--out needs a value, and the word after it starts with a dash: write --out=VALUE if that is its value');
  });

  it('takes numbers written in decimal only', () => {
    expect(numberOption({ temperature: '0.7' }, 'temperature')).toBe(0.7);
    expect(numberOption({ temperature: '.5' }, 'temperature')).toBe(0.5);
    expect(numberOption({ temperature: '1e-1' }, 'temperature')).toBe(0.1);
    for (const v of ['', ' ', '0x10', 'NaN', 'Infinity', '1,5']) expect(() => numberOption({ temperature: v }, 'temperature'), v).toThrow(/must be a number/);
  });

  it('takes whole numbers written in digits only', () => {
    expect(intOption({ steps: '12' }, 'steps', 1)).toBe(12);
    for (const v of ['1e1', '0x10', '2.0', ' ', '', '99999999999999999999']) expect(() => intOption({ steps: v }, 'steps', 1), v).toThrow(/must be a whole number/);
  });
});
