import { YARDSTICKS, type YardstickName } from '../../../yardsticks/yardstick-names.js';
import type { CompareRow } from '../../../yardsticks/compare-summary.js';

/**
 * How the view names and writes each yardstick: bits per character as they are, accuracies as
 * percentages (the CLI prints fractions; the CSV keeps the raw figures for both).
 */

export const YARDSTICK_TITLES: Record<YardstickName, string> = {
  generation: 'Generation',
  infillChars: 'Infill: characters',
  infillExact: 'Infill: exact spans',
  probe: 'Linear probe',
  retrieval: 'Zero-shot classification',
  imageToCaption: 'Image → caption',
  captionToImage: 'Caption → image',
};

export const YARDSTICK_UNITS: Record<YardstickName, string> = {
  generation: 'bits per character',
  infillChars: 'character accuracy',
  infillExact: 'spans written back exactly',
  probe: 'Brown genre accuracy',
  retrieval: 'accuracy',
  imageToCaption: 'recall@1',
  captionToImage: 'recall@1',
};

export const yardstickAbout = (name: YardstickName) => YARDSTICKS[name];

export function formatFigure(name: YardstickName, v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return name === 'generation' ? v.toFixed(3) : `${(v * 100).toFixed(1)}%`;
}

/** A spread in the figure's own unit (percentage points for accuracies). */
export function formatSpread(name: YardstickName, v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return name === 'generation' ? v.toFixed(3) : (v * 100).toFixed(1);
}

/** The yardsticks measured for at least one row: the table's columns. */
export function measuredYardsticks(rows: readonly CompareRow[]): YardstickName[] {
  return (Object.keys(YARDSTICKS) as YardstickName[]).filter((n) => rows.some((r) => r.yardsticks[n].mean !== null));
}

/** The yardsticks no row could be measured by, grouped by the first row's reason (the retrieval three share one). */
export function unmeasuredYardsticks(rows: readonly CompareRow[]): { names: YardstickName[]; reason: string }[] {
  const groups = new Map<string, YardstickName[]>();
  for (const n of Object.keys(YARDSTICKS) as YardstickName[]) {
    if (!rows.length || rows.some((r) => r.yardsticks[n].mean !== null)) continue;
    const reason = rows.find((r) => r.yardsticks[n].note)?.yardsticks[n].note ?? 'not measured';
    groups.set(reason, [...(groups.get(reason) ?? []), n]);
  }
  return [...groups].map(([reason, names]) => ({ names, reason }));
}
