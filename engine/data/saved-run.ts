/**
 * A finished run as checkpoint nodes read it (continued pretraining): its graph, its source
 * states (tokenizer vocabularies) and its model weights, from the latest checkpoint of its
 * folder (node-saved-run.ts reads one in Node; exported programs use that same code).
 */

export const CHECKPOINT_FORMAT = 'pretrain-lab/checkpoint';

/** How a checkpoint node names a run trained in the app (kept in the app's storage): "app-run:<run id>". */
export const APP_RUN_PREFIX = 'app-run:';

export interface SavedVariable {
  /** "<node id>/<name>", as the run's program named it */
  name: string;
  shape: number[];
  values: Float32Array;
}

/** What a saved graph tells about one of its nodes. */
export interface SavedGraphNode {
  id: string;
  type: string;
  params?: unknown;
}

export interface SavedRun {
  /** the run as the user named it, for messages */
  run: string;
  step: number;
  graph: { nodes: SavedGraphNode[] };
  /** source node states (tokenizer vocabularies), by node id */
  sourceStates: Record<string, unknown>;
  /** the model's weights only: optimizer moments are not carried over */
  variables: SavedVariable[];
}

/** The fields of a checkpoint's manifest.json that reading one needs. */
export interface StoredManifest {
  format: string;
  step: number;
  graph: { nodes: SavedGraphNode[] };
  sourceStates?: Record<string, unknown>;
  /** model variables, then optimizer m, then optimizer v, each in this order */
  variables: { name: string; shape: number[] }[];
}

/** A checkpoint's manifest and values as a SavedRun: the model's variables only (optimizer moments follow them and are left). */
export function savedRunFrom(run: string, manifest: StoredManifest, values: Float32Array): SavedRun {
  const variables: SavedVariable[] = [];
  let offset = 0;
  for (const v of manifest.variables) {
    const size = v.shape.reduce((a, b) => a * b, 1);
    if (offset + size > values.length) throw new Error(`run ${run}: the checkpoint's weights are truncated`);
    variables.push({ name: v.name, shape: v.shape, values: values.slice(offset, offset + size) });
    offset += size;
  }
  return { run, step: manifest.step, graph: manifest.graph, sourceStates: manifest.sourceStates ?? {}, variables };
}
