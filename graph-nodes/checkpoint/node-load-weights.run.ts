import { readSavedRun } from '../../engine/data/node-saved-run.js';
import type { SavedRun } from '../../engine/data/saved-run.js';
import { nodeList, planFromRun, type GraphNodeInfo, type SavedWeightsPlan } from './load-weights.run.js';

/** Read the run folder a load-weights node names and plan what to take from it. */
export async function loadWeights(p: { run: string; nodes: string }, loadId: string, nodes: readonly GraphNodeInfo[], baseDir = '.'): Promise<SavedWeightsPlan> {
  let saved: SavedRun;
  try {
    saved = await readSavedRun(p.run, baseDir);
  } catch (e) {
    throw new Error(`setting "run": ${e instanceof Error ? e.message : String(e)}`);
  }
  return planFromRun(nodeList(p.nodes), saved, nodes, loadId);
}
