import { describe, expect, it } from 'vitest';
import { edgePoint, labelSize, overlaps, placeEdgeLabels, type LabelledEdge, type Rect } from './edge-labels.js';

const box = (p: { x: number; y: number }, text: string): Rect => {
  const { width, height } = labelSize(text);
  return { x: p.x - width / 2, y: p.y - height / 2, width, height };
};

describe('edge labels', () => {
  it('follows the bezier React Flow draws: ends at the handles, middle halfway between them', () => {
    const from = { x: 0, y: 0 };
    const to = { x: 200, y: 100 };
    expect(edgePoint(from, to, 0)).toEqual(from);
    expect(edgePoint(from, to, 1)).toEqual(to);
    expect(edgePoint(from, to, 0.5)).toEqual({ x: 100, y: 50 });
  });

  it('puts a lone label at its edge\'s middle', () => {
    const placed = placeEdgeLabels([{ id: 'a', from: { x: 0, y: 0 }, to: { x: 300, y: 0 }, text: '[B,64]' }], []);
    expect(placed.get('a')).toEqual({ x: 150, y: 0 });
  });

  it('slides labels of edges that share a middle apart, so none overlap', () => {
    // three edges crossing at one point (fan-in and fan-out through the same spot)
    const edges: LabelledEdge[] = [
      { id: 'a', from: { x: 0, y: 0 }, to: { x: 400, y: 200 }, text: '[B,64,128]' },
      { id: 'b', from: { x: 0, y: 200 }, to: { x: 400, y: 0 }, text: '[B,64]' },
      { id: 'c', from: { x: 0, y: 100 }, to: { x: 400, y: 100 }, text: '[B,64,V]' },
    ];
    const placed = placeEdgeLabels(edges, []);
    const boxes = edges.map((e) => box(placed.get(e.id)!, e.text));
    expect(placed.get('a')).toEqual({ x: 200, y: 100 });
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!)).toBe(false);
  });

  it('keeps labels off nodes, and leaves out a label with no free spot rather than overlapping', () => {
    const node: Rect = { x: 120, y: -40, width: 160, height: 80 };
    const placed = placeEdgeLabels([{ id: 'a', from: { x: 0, y: 0 }, to: { x: 400, y: 0 }, text: '[B]' }], [node]);
    expect(overlaps(box(placed.get('a')!, '[B]'), node)).toBe(false);
    const wall: Rect = { x: -10, y: -50, width: 420, height: 100 };
    expect(placeEdgeLabels([{ id: 'a', from: { x: 0, y: 0 }, to: { x: 400, y: 0 }, text: '[B]' }], [wall]).get('a')).toBeNull();
  });
});
