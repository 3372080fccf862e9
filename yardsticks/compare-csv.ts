import type { CompareRow } from './compare-summary.js';

/**
 * The table as CSV, a line per (graph, yardstick): what `pretrain-lab compare` writes to
 * compare.csv and the app's Compare view exports, so a spreadsheet reads both the same way.
 * Empty cells where a figure does not exist (n/a yardsticks, no random-initialisation baseline).
 */
export function compareCsv(rows: CompareRow[]): string {
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = ['graph,name,seeds,steps,tokens_per_step,yardstick,mean,spread,baseline,random_init,higher_is_better,note'];
  for (const r of rows) {
    for (const [name, y] of Object.entries(r.yardsticks)) {
      const n = (v: number | null | undefined) => (typeof v === 'number' ? String(v) : '');
      lines.push([q(r.graph), q(r.name), r.seeds, r.steps, r.tokensPerStep, name, n(y.mean), n(y.spread), n(y.baseline), n(y.randomInit), y.higherIsBetter, q(y.note ?? '')].join(','));
    }
  }
  return lines.join('\n') + '\n';
}
