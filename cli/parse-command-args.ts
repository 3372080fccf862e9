import { parseArgs } from 'node:util';
import { UsageError } from './command.js';

export type OptionSpecs = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/**
 * node:util's parseArgs with this CLI's wording. A negative number after an option is its value
 * (`--steps -1` then meets the option's own check, "must be a whole number >= 1", where parseArgs
 * called it "ambiguous"); an unknown option is answered with the nearest one the command has.
 */
export function parseCommandArgs(args: string[], options: OptionSpecs): ReturnType<typeof parseArgs> {
  const longName = new Map<string, string>();
  for (const [name, spec] of Object.entries(options)) {
    if (spec.type !== 'string') continue;
    longName.set(`--${name}`, `--${name}`);
    if (spec.short) longName.set(`-${spec.short}`, `--${name}`);
  }
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (arg === '--') {
      joined.push(...args.slice(i));
      break;
    }
    if (longName.has(arg) && next !== undefined && /^-\.?\d/.test(next)) {
      joined.push(`${longName.get(arg)}=${next}`);
      i++;
    } else joined.push(arg);
  }
  try {
    return parseArgs({ args: joined, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(explain((e as Error).message, options));
  }
}

function explain(message: string, options: OptionSpecs): string {
  const unknown = /^Unknown option '([^']+)'/.exec(message)?.[1];
  if (unknown) {
    const near = nearestOption(unknown, Object.keys(options));
    return `unknown option ${unknown}${near ? ` (did you mean --${near}?)` : ''}`;
  }
  // "Option '-n, --count <value>' ...": the long name is the one to show
  const named = /^Option '(?:-\w, )?(--[\w-]+)/.exec(message)?.[1];
  if (named && /argument missing/.test(message)) return `${named} needs a value`;
  if (named && /argument is ambiguous/.test(message)) return `${named} needs a value, and the word after it starts with a dash: write ${named}=VALUE if that is its value`;
  if (named && /does not take an argument/.test(message)) return `${named} takes no value`;
  return message;
}

/** The one option most like `given` (a typo, a missing letter, a prefix), if one is close and no other as close. */
export function nearestOption(given: string, names: string[]): string | undefined {
  return nearestName(given.replace(/^-+/, '').split('=')[0]!, names);
}

/** The one name most like `given`; none for a single letter, which is a prefix of too much ("-v" is no "validate"). */
export function nearestName(given: string, names: string[]): string | undefined {
  const bare = given.toLowerCase();
  if (bare.length < 2) return undefined;
  const close = names
    .map((name) => ({ name, distance: name.startsWith(bare) || bare.startsWith(name) ? Math.min(1, editDistance(bare, name)) : editDistance(bare, name) }))
    .filter(({ name, distance }) => distance <= Math.max(1, Math.min(2, Math.floor(name.length / 3))))
    .sort((a, b) => a.distance - b.distance);
  return close.length && close[0]!.distance !== close[1]?.distance ? close[0]!.name : undefined;
}

/** Edits from a to b: insert, delete, replace, or swap two neighbours ("trian" is one from "train"). */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) next[j] = Math.min(next[j]!, before[j - 2]! + 1);
    }
    [before, row] = [row, next];
  }
  return row[b.length]!;
}
