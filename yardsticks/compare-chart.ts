import { GLYPH, glyphPixel, textWidth } from './bitmap-font.js';
import type { CompareRow } from './compare-summary.js';
import { YARDSTICKS, type YardstickName } from './yardstick-names.js';

/**
 * The compare chart as RGB pixels: one panel per yardstick that measured anything, a bar per
 * graph (its mean over seeds, with ± spread as a whisker), the baseline as a dashed line and the
 * random-initialisation figure as a grey tick. Drawn without a browser, so the CLI can write it.
 */

export interface Raster {
  width: number;
  height: number;
  /** RGB, row by row */
  rgb: Uint8Array;
}

type Color = readonly [number, number, number];
const PALETTE: Color[] = [
  [31, 119, 180],
  [255, 127, 14],
  [44, 160, 44],
  [214, 39, 40],
  [148, 103, 189],
  [140, 86, 75],
  [227, 119, 194],
  [127, 127, 127],
];
const INK: Color = [30, 30, 30];
const MUTED: Color = [150, 150, 150];
const GRID: Color = [225, 225, 225];

function canvas(width: number, height: number) {
  const rgb = new Uint8Array(width * height * 3).fill(255);
  const set = (x: number, y: number, c: Color) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const i = (Math.round(y) * width + Math.round(x)) * 3;
    rgb[i] = c[0];
    rgb[i + 1] = c[1];
    rgb[i + 2] = c[2];
  };
  const rect = (x: number, y: number, w: number, h: number, c: Color) => {
    for (let j = Math.round(y); j < Math.round(y + h); j++) for (let i = Math.round(x); i < Math.round(x + w); i++) set(i, j, c);
  };
  const text = (s: string, x: number, y: number, c: Color, scale = 1) => {
    [...s].forEach((ch, k) => {
      for (let gy = 0; gy < GLYPH.height; gy++) for (let gx = 0; gx < GLYPH.width; gx++) if (glyphPixel(ch, gx, gy)) rect(x + (k * GLYPH.advance + gx) * scale, y + gy * scale, scale, scale, c);
    });
  };
  return { raster: { width, height, rgb } as Raster, set, rect, text };
}

const format = (v: number) => (Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(3));

/** Short labels: the graph's source without folders and extensions. */
export function shortLabel(source: string): string {
  return source.replace(/^.*[\\/]/, '').replace(/\.graph\.json$|\.json$/, '');
}

/**
 * A bar's label in at most two lines of `width` characters: whole when it fits, else broken after
 * the last hyphen that fits ("span-" / "corruption"), cut only when a part is still too long.
 */
export function labelLines(label: string, width: number): string[] {
  const chars = [...label];
  if (chars.length <= width) return [label];
  const head = chars.slice(0, width);
  const cut = head.lastIndexOf('-');
  const first = cut > 0 ? head.slice(0, cut + 1) : head;
  return [first.join(''), chars.slice(first.length, first.length + width).join('')];
}

export function compareChart(rows: CompareRow[]): Raster {
  const names = (Object.keys(YARDSTICKS) as YardstickName[]).filter((n) => rows.some((r) => r.yardsticks[n].mean !== null));
  const panelW = 460;
  const panelH = 250;
  const legendH = 22 + 14 * rows.length;
  const columns = 2;
  const width = panelW * columns;
  const height = legendH + panelH * Math.ceil(Math.max(1, names.length) / columns);
  const c = canvas(width, height);
  // legend: colour, label, full name
  rows.forEach((r, i) => {
    c.rect(12, 10 + i * 14, 10, 8, PALETTE[i % PALETTE.length]!);
    c.text(`${shortLabel(r.graph)}: ${r.name} (${r.seeds} seed${r.seeds === 1 ? '' : 's'}, ${r.steps} steps)`, 28, 10 + i * 14, INK);
  });
  c.text('bars: mean over seeds, whisker: +- spread; dashed: baseline; grey tick: random init', 12, legendH - 10, MUTED);
  names.forEach((name, p) => {
    const x0 = (p % columns) * panelW;
    const y0 = legendH + Math.floor(p / columns) * panelH;
    c.text(YARDSTICKS[name].replace(/ \(.*\)$/, '').slice(0, 70), x0 + 12, y0 + 8, INK);
    const better = rows[0]!.yardsticks[name].higherIsBetter ? 'higher is better' : 'lower is better';
    c.text(better, x0 + 12, y0 + 20, MUTED);
    const plotX = x0 + 50;
    const plotY = y0 + 40;
    const plotW = panelW - 70;
    const plotH = panelH - 80;
    const cells = rows.map((r) => r.yardsticks[name]);
    const top = Math.max(1e-9, ...cells.flatMap((y) => [y.mean !== null ? y.mean + (y.spread ?? 0) : 0, y.baseline ?? 0, typeof y.randomInit === 'number' ? y.randomInit : 0])) * 1.15;
    const yOf = (v: number) => plotY + plotH - (v / top) * plotH;
    for (let g = 0; g <= 4; g++) {
      const v = (top * g) / 4;
      c.rect(plotX, yOf(v), plotW, 1, GRID);
      c.text(format(v), x0 + 4, yOf(v) - 3, MUTED);
    }
    const slot = plotW / rows.length;
    cells.forEach((y, i) => {
      const bx = plotX + i * slot + slot * 0.2;
      const bw = slot * 0.6;
      const colour = PALETTE[i % PALETTE.length]!;
      if (y.mean === null) {
        c.text('N/A', bx + bw / 2 - textWidth('N/A') / 2, plotY + plotH - 12, MUTED);
      } else {
        c.rect(bx, yOf(y.mean), bw, plotY + plotH - yOf(y.mean), colour);
        if (y.spread) {
          c.rect(bx + bw / 2, yOf(y.mean + y.spread), 1, yOf(y.mean - y.spread) - yOf(y.mean + y.spread), INK);
          c.rect(bx + bw / 2 - 4, yOf(y.mean + y.spread), 9, 1, INK);
          c.rect(bx + bw / 2 - 4, yOf(y.mean - y.spread), 9, 1, INK);
        }
        const label = format(y.mean);
        c.text(label, bx + bw / 2 - textWidth(label) / 2, yOf(y.mean + (y.spread ?? 0)) - 11, INK);
      }
      if (y.baseline !== null) for (let x = bx - 4; x < bx + bw + 4; x += 6) c.rect(x, yOf(y.baseline), 3, 2, INK);
      if (typeof y.randomInit === 'number') c.rect(bx - 6, yOf(y.randomInit) - 1, bw + 12, 3, MUTED);
      labelLines(shortLabel(rows[i]!.graph), Math.floor(slot / GLYPH.advance)).forEach((line, k) => {
        c.text(line, bx + bw / 2 - textWidth(line) / 2, plotY + plotH + 6 + k * (GLYPH.height + 3), INK);
      });
    });
    c.rect(plotX, plotY + plotH, plotW, 1, INK);
  });
  return c.raster;
}
