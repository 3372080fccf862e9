/** What every command shares with the CLI's entry, in a module of its own so commands never import main.ts. */

/** Wrong arguments: exit 2 with the command's usage. */
export class UsageError extends Error {}

export type Options = Record<string, string | boolean | undefined>;

export function intOption(o: Options, name: string, min: number): number | undefined {
  const v = o[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  // digits only: Number() would also take "1e3", "0x10" and " "
  if (typeof v !== 'string' || !/^\s*[+-]?\d+\s*$/.test(v) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number >= ${min}, got "${v}"`);
  return n;
}

export function numberOption(o: Options, name: string): number | undefined {
  const v = o[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  // decimal only: Number() would also take "", " " (as 0) and "0x10"
  if (typeof v !== 'string' || !/^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(v) || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got "${v}"`);
  return n;
}
