import { useCallback } from 'react';
import { useReactFlow, type Rect } from '@xyflow/react';

/**
 * The smallest zoom "fit view" uses: node text is 12 px and port shapes 10.5 px at 100%, so
 * below ~80% the shapes drop under 8.5 px and a graph stops being readable at first sight.
 */
export const READABLE_ZOOM = 0.8;
const PADDING = 24;
/** on the left, clear of the zoom buttons (React Flow's controls: 15 px from the edge, 26 px wide) */
const LEFT_PADDING = 56;
const MAX_FIT_ZOOM = 1;

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/**
 * The viewport that shows `bounds` (the graph) in a `width` x `height` canvas: all of it when
 * that keeps the zoom readable; else at READABLE_ZOOM from its top-left corner, where a graph's
 * data flow starts, centred on any axis that still fits.
 */
export function readableViewport(bounds: Rect, width: number, height: number): Viewport {
  const roomX = width - LEFT_PADDING - PADDING;
  const roomY = height - 2 * PADDING;
  const fit = Math.min(roomX / Math.max(1, bounds.width), roomY / Math.max(1, bounds.height), MAX_FIT_ZOOM);
  const zoom = Math.max(fit, READABLE_ZOOM);
  // centred in the room left by the padding when it fits, else from the padding
  const place = (start: number, size: number, before: number, room: number) => before + Math.max(0, (room - size * zoom) / 2) - start * zoom;
  return { x: place(bounds.x, bounds.width, LEFT_PADDING, roomX), y: place(bounds.y, bounds.height, PADDING, roomY), zoom };
}

/**
 * Fit view, never below a readable zoom (see readableViewport). A graph just opened is fitted
 * once its nodes have been measured (a few frames at most).
 */
export function useReadableFit(): () => void {
  const flow = useReactFlow();
  return useCallback(() => {
    let frames = 0;
    const attempt = () => {
      const el = document.querySelector('[data-testid="canvas"]');
      const nodes = flow.getNodes();
      if (!el || nodes.length === 0) return;
      if (nodes.some((n) => !n.measured?.width) && frames++ < 30) return void requestAnimationFrame(attempt);
      const box = el.getBoundingClientRect();
      void flow.setViewport(readableViewport(flow.getNodesBounds(nodes), box.width, box.height));
      // a count of fits done, for whoever must not click while the view may still jump (tests)
      el.setAttribute('data-fits', String(Number(el.getAttribute('data-fits') ?? 0) + 1));
    };
    attempt();
  }, [flow]);
}
