import { createContext, memo, useContext, useLayoutEffect } from 'react';
import { BaseEdge, getBezierPath, type EdgeProps } from '@xyflow/react';
import type { Point } from './edge-labels.js';

/** Edges report where they run; the canvas places every label at once (edge-labels.ts) and hands the spots back. */
export interface EdgeLabelLayout {
  report(id: string, from: Point, to: Point, text: string | null): void;
  forget(id: string): void;
  /** the label's centre; null: no free spot (left out); absent: not placed yet */
  placement: ReadonlyMap<string, Point | null>;
}

export const EdgeLabelContext = createContext<EdgeLabelLayout | null>(null);

/** A bezier edge whose shape label sits where it collides with no other label and no node. */
function ShapeEdgeImpl({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, label, markerEnd, style, interactionWidth }: EdgeProps) {
  const [path] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const layout = useContext(EdgeLabelContext);
  const text = typeof label === 'string' ? label : null;
  // report and forget are stable: a new placement does not re-run these
  const report = layout?.report;
  const forget = layout?.forget;
  useLayoutEffect(() => {
    report?.(id, { x: sourceX, y: sourceY }, { x: targetX, y: targetY }, text);
  }, [report, id, sourceX, sourceY, targetX, targetY, text]);
  useLayoutEffect(() => () => forget?.(id), [forget, id]);
  const at = layout?.placement.get(id);
  return (
    <BaseEdge
      id={id}
      path={path}
      markerEnd={markerEnd}
      style={style}
      interactionWidth={interactionWidth}
      {...(text && at ? { label: text, labelX: at.x, labelY: at.y, labelShowBg: true, labelBgPadding: [3, 2] as [number, number], labelBgBorderRadius: 3 } : {})}
    />
  );
}

export const ShapeEdge = memo(ShapeEdgeImpl);
