import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { TrainingClient } from './training-client.js';
import type { RunHistory } from './run-history.js';
import { RunController } from './run-controller.js';

/** The panel's run controller; its state re-renders the panel at most once a frame. */
export function useRun(client: TrainingClient, history: RunHistory) {
  const controller = useMemo(() => new RunController(client, history), [client, history]);
  // a closed panel (or a replaced client) stops its run; the run's end is still recorded
  useEffect(() => () => controller.detach(), [controller]);
  const state = useSyncExternalStore(controller.subscribe, controller.getState);
  return { controller, state, activeRunId: controller.activeRunId };
}
