import { describe, expect, it } from 'vitest';
import { READABLE_ZOOM, readableViewport } from './readable-fit.js';

describe('fit view at a readable zoom', () => {
  it('fits a small graph whole, centred clear of the zoom buttons on the left, at no more than 100%', () => {
    const v = readableViewport({ x: 0, y: 0, width: 400, height: 200 }, 1000, 600);
    expect(v.zoom).toBe(1);
    // centred in the 1000 - 56 - 24 px left beside the paddings
    expect(v).toMatchObject({ x: 56 + (920 - 400) / 2, y: 200 });
  });

  it('zooms out to fit a graph while the text stays readable', () => {
    const v = readableViewport({ x: 100, y: 50, width: 1000, height: 400 }, 900, 600);
    expect(v.zoom).toBeCloseTo((900 - 80) / 1000);
    expect(v.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    expect(100 * v.zoom + v.x).toBeCloseTo(56);
  });

  it('never below the readable zoom: a wide graph shows from its left end, centred vertically when its height fits', () => {
    const v = readableViewport({ x: -50, y: -170, width: 1900, height: 640 }, 860, 700);
    expect(v.zoom).toBe(READABLE_ZOOM);
    // the graph's left edge at the canvas's left padding, clear of the zoom buttons
    expect(-50 * v.zoom + v.x).toBeCloseTo(56);
    // 640 * 0.8 = 512 fits in 700: centred
    expect(-170 * v.zoom + v.y).toBeCloseTo((700 - 512) / 2);
  });

  it('starts at the top-left when neither axis fits', () => {
    const v = readableViewport({ x: 0, y: 0, width: 3000, height: 2000 }, 800, 500);
    expect(v).toEqual({ x: 56, y: 24, zoom: READABLE_ZOOM });
  });
});
