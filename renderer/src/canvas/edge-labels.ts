/**
 * Where each edge's shape label goes, so that no two labels overlap and none covers a node or a
 * note. A label starts at its edge's middle and, when that spot is taken, slides along the edge
 * toward either end; when no spot on the edge is free it is left out (the ports show the same
 * shape). Pure geometry over the edges' end points, as React Flow draws them: cubic beziers
 * leaving a source to the right and entering a target from the left (curvature 0.25).
 */

export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LabelledEdge {
  id: string;
  from: Point;
  to: Point;
  text: string;
}

/** along the edge, from its middle outward */
const SPOTS = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82];
const CURVATURE = 0.25;
/** room kept around each label */
const MARGIN = 2;

/** A label's box: 10 px monospace (6 px a character) with its background's padding (3 px by 2 px). */
export function labelSize(text: string): { width: number; height: number } {
  return { width: text.length * 6 + 6, height: 15 };
}

function controlOffset(distance: number): number {
  return distance >= 0 ? 0.5 * distance : CURVATURE * 25 * Math.sqrt(-distance);
}

/** The point at `t` (0..1) of the bezier React Flow draws from a right-side source to a left-side target. */
export function edgePoint(from: Point, to: Point, t: number): Point {
  const off = controlOffset(to.x - from.x);
  const c1 = { x: from.x + off, y: from.y };
  const c2 = { x: to.x - off, y: to.y };
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return { x: a * from.x + b * c1.x + c * c2.x + d * to.x, y: a * from.y + b * c1.y + c * c2.y + d * to.y };
}

export function overlaps(a: Rect, b: Rect, margin = 0): boolean {
  return a.x < b.x + b.width + margin && b.x < a.x + a.width + margin && a.y < b.y + b.height + margin && b.y < a.y + a.height + margin;
}

/**
 * The centre of each edge's label, or null where it would collide wherever it went. Edges are
 * placed in the order given (give it a stable one); earlier edges get the better spots.
 */
export function placeEdgeLabels(edges: readonly LabelledEdge[], obstacles: readonly Rect[], size = labelSize): Map<string, Point | null> {
  const placed: Rect[] = [];
  const out = new Map<string, Point | null>();
  for (const e of edges) {
    const { width, height } = size(e.text);
    let at: Point | null = null;
    for (const t of SPOTS) {
      const p = edgePoint(e.from, e.to, t);
      const box = { x: p.x - width / 2, y: p.y - height / 2, width, height };
      if (placed.some((r) => overlaps(r, box, MARGIN)) || obstacles.some((r) => overlaps(r, box, MARGIN))) continue;
      placed.push(box);
      at = p;
      break;
    }
    out.set(e.id, at);
  }
  return out;
}
