import { useSyncExternalStore } from 'react';
import { workerClient } from '../run/client.js';
import { CompareController } from './compare-controller.js';
import { loadComparison, saveComparison } from './saved-comparison.js';
import type { CompareState } from './compare-state.js';

/** The app's one compare, in the training worker every run also uses; it outlives the view. */
export const compareController = new CompareController(workerClient, { save: (s) => saveComparison(s), load: () => loadComparison() });

export function useCompare(): CompareState {
  return useSyncExternalStore(compareController.subscribe, compareController.getState);
}
