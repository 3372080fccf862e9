import type { YardstickName } from '../../../yardsticks/yardstick-names.js';

/** The bar charts' value axis: four ticks of a round step, labelled no longer than the step needs. */

/** A step of 1, 2, 2.5 or 5 x 10^k such that four of them reach `v`: ticks read 0, 5, 10, 15, 20%. */
export function niceStep(v: number): number {
  const raw = v > 0 ? v / 4 : 0.25;
  const unit = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * unit >= raw) return m * unit;
  return 10 * unit;
}

/** A tick: as short as the step allows (5%, 12.5%, 1.5). */
export function tickLabel(name: YardstickName, v: number, step: number): string {
  const scaled = name === 'generation' ? v : v * 100;
  const unitStep = name === 'generation' ? step : step * 100;
  // as many decimals as the step has: every tick is a whole number of steps
  const digits = Math.min(4, (String(Number(unitStep.toPrecision(6))).split('.')[1] ?? '').length);
  return `${scaled.toFixed(digits)}${name === 'generation' ? '' : '%'}`;
}
