import { useCallback, useEffect, useRef, useState } from 'react';

/** How long the minimap stays after the view stops moving, to be reached for. */
export const LINGER_MS = 1500;

/**
 * Whether the person is finding their way around the canvas: panning or zooming (moves the
 * program makes, such as fit view on opening a graph, do not count: React Flow passes them no
 * event), and for LINGER_MS after, and while the pointer rests on the minimap.
 */
export function useNavigating() {
  const [active, setActive] = useState(false);
  const held = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const stop = () => clearTimeout(timer.current);
  useEffect(() => stop, []);
  const onMoveStart = useCallback((event: MouseEvent | TouchEvent | null) => {
    if (!event) return;
    stop();
    setActive(true);
  }, []);
  const release = useCallback(() => {
    held.current = false;
    stop();
    timer.current = setTimeout(() => !held.current && setActive(false), LINGER_MS);
  }, []);
  const onMoveEnd = useCallback(
    (event: MouseEvent | TouchEvent | null) => {
      if (event && !held.current) release();
    },
    [release],
  );
  const hold = useCallback(() => {
    held.current = true;
    stop();
  }, []);
  return { active, onMoveStart, onMoveEnd, hold, release };
}
