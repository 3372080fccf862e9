import { DEFAULT_BUDGET_TOKENS } from '../../../yardsticks/compare-budget.js';

/**
 * The Compare view's settings as typed: the budget in training tokens and the seeds, with the
 * CLI's defaults (`pretrain-lab compare` and the view agree unless told otherwise), and the
 * samples picked when nothing else was: the five text objectives the reference sets side by side.
 */

export const DEFAULT_SAMPLES = ['causal-lm', 'masked-lm', 'prefix-lm', 'span-corruption', 'ul2-mixture'];
export const DEFAULT_SEEDS = 3;
export { DEFAULT_BUDGET_TOKENS };
export const MAX_SEEDS = 20;
export const MAX_BUDGET_TOKENS = 1_000_000_000;

/** "400000", "400,000", "400k", "1.5M" -> tokens; or what is wrong. */
export function parseBudget(text: string): { tokens?: number; error?: string } {
  const t = text.trim().replace(/[,_\s]/g, '');
  if (t === '') return { tokens: DEFAULT_BUDGET_TOKENS };
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(t);
  if (!m) return { error: 'The budget is a number of training tokens, such as 400000 or 400k.' };
  const tokens = Math.round(Number(m[1]) * (m[2] === '' ? 1 : m[2]!.toLowerCase() === 'k' ? 1e3 : 1e6));
  if (tokens < 1) return { error: 'The budget must be at least 1 token.' };
  if (tokens > MAX_BUDGET_TOKENS) return { error: `The budget must be at most ${MAX_BUDGET_TOKENS.toLocaleString('en-US')} tokens.` };
  return { tokens };
}

export function parseSeeds(text: string): { seeds?: number; error?: string } {
  const t = text.trim();
  if (t === '') return { seeds: DEFAULT_SEEDS };
  if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > MAX_SEEDS) return { error: `Seeds must be a whole number from 1 to ${MAX_SEEDS}.` };
  return { seeds: Number(t) };
}

export function formatTokens(n: number): string {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}M`;
  if (n >= 1e4 && n % 100 === 0) return `${n / 1e3}k`;
  return n.toLocaleString('en-US');
}
