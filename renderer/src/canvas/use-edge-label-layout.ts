import { useCallback, useMemo, useState } from 'react';
import type { Node } from '@xyflow/react';
import { placeEdgeLabels, type LabelledEdge, type Point, type Rect } from './edge-labels.js';
import type { EdgeLabelLayout } from './ShapeEdge.js';

type Geometry = Omit<LabelledEdge, 'id'>;

/** how far a port's handle reaches out of its node */
const HANDLE = 5;

const same = (a: Geometry | undefined, b: Geometry) => a !== undefined && a.from.x === b.from.x && a.from.y === b.from.y && a.to.x === b.to.x && a.to.y === b.to.y && a.text === b.text;

/**
 * The canvas's side of edge labels: edges report where they run, and every label is placed at
 * once, in the document's edge order, clear of the others and of every measured node and note.
 */
export function useEdgeLabelLayout(order: readonly string[], nodes: readonly Node[]): EdgeLabelLayout {
  const [geometry, setGeometry] = useState<ReadonlyMap<string, Geometry>>(new Map());
  const report = useCallback((id: string, from: Point, to: Point, text: string | null) => {
    setGeometry((g) => {
      if (text === null) {
        if (!g.has(id)) return g;
        const next = new Map(g);
        next.delete(id);
        return next;
      }
      const geo = { from, to, text };
      if (same(g.get(id), geo)) return g;
      return new Map(g).set(id, geo);
    });
  }, []);
  const forget = useCallback((id: string) => {
    setGeometry((g) => {
      if (!g.has(id)) return g;
      const next = new Map(g);
      next.delete(id);
      return next;
    });
  }, []);
  // nodes widened by their handles, which stick out of both sides
  const obstacles = useMemo<Rect[]>(
    () =>
      nodes.flatMap((n) =>
        n.measured?.width && n.measured.height ? [{ x: n.position.x - HANDLE, y: n.position.y, width: n.measured.width + 2 * HANDLE, height: n.measured.height }] : [],
      ),
    [nodes],
  );
  const orderKey = order.join('\n');
  const placement = useMemo(() => {
    const edges = orderKey.split('\n').flatMap((id) => {
      const g = geometry.get(id);
      return g ? [{ id, ...g }] : [];
    });
    return placeEdgeLabels(edges, obstacles);
  }, [geometry, obstacles, orderKey]);
  return useMemo(() => ({ report, forget, placement }), [report, forget, placement]);
}
