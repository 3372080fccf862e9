import type { Measure } from './measure.js';
import { YARDSTICKS, type YardstickName } from './yardstick-names.js';

/**
 * What a compare keeps of each run and how the runs become the table: pure, without tfjs, so the
 * app's UI thread builds the same rows from the runs its worker measured as the CLI prints.
 */

/** One run's record, as stored. */
export interface RunResult {
  graph: string;
  name: string;
  seed: number;
  steps: number;
  tokensPerStep: number;
  /** the training loss, every step */
  losses: number[];
  valLoss: number;
  measures: Record<YardstickName, Measure>;
  seconds: number;
}

export interface CompareRow {
  graph: string;
  name: string;
  seeds: number;
  steps: number;
  tokensPerStep: number;
  yardsticks: Record<YardstickName, { mean: number | null; spread: number | null; baseline: number | null; randomInit?: number | null; higherIsBetter: boolean; note?: string }>;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Sample standard deviation (0 for a single seed). */
function spread(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/** One row per graph: each yardstick's mean ± spread over seeds, its baselines, n/a where it does not apply. */
export function summarize(results: RunResult[]): CompareRow[] {
  const byGraph = new Map<string, RunResult[]>();
  for (const r of results) byGraph.set(r.graph, [...(byGraph.get(r.graph) ?? []), r]);
  return [...byGraph.entries()].map(([graph, runs]) => {
    const yardsticks = Object.fromEntries(
      (Object.keys(YARDSTICKS) as YardstickName[]).map((name) => {
        const ms = runs.map((r) => r.measures[name]);
        const values = ms.map((m) => m.value).filter((v): v is number => v !== null);
        const baselines = ms.map((m) => m.baseline).filter((v): v is number => v !== null);
        const randoms = ms.map((m) => m.randomInit).filter((v): v is number => typeof v === 'number');
        return [
          name,
          {
            mean: values.length ? mean(values) : null,
            spread: values.length ? spread(values) : null,
            baseline: baselines.length ? mean(baselines) : null,
            ...(randoms.length ? { randomInit: mean(randoms) } : {}),
            higherIsBetter: ms[0]!.higherIsBetter,
            ...(values.length === 0 && ms[0]!.note ? { note: ms[0]!.note } : {}),
          },
        ];
      }),
    ) as CompareRow['yardsticks'];
    return { graph, name: runs[0]!.name, seeds: runs.length, steps: runs[0]!.steps, tokensPerStep: runs[0]!.tokensPerStep, yardsticks };
  });
}
