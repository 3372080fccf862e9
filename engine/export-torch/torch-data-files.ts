import { encodeSafetensors } from '../core/safetensors.js';
import { serializeGraph } from '../core/serialize.js';
import type { CompiledGraph } from './export-torch.js';
import type { TorchDataFile } from './torch-emit.js';

const encoder = new TextEncoder();

/** The weights a checkpoint node starts from, in the data folder. */
export const INITIAL_WEIGHTS_FILE = 'initial-weights.safetensors';

/**
 * The data folder's files beyond the data nodes' own: the weights a checkpoint node starts from,
 * the graph, a BPE tokenizer as Hugging Face writes it, and the manifest the program and the
 * engine read back.
 */
export function torchDataFiles(g: CompiledGraph, startsFromExportedWeights: boolean): TorchDataFile[] {
  const files: TorchDataFile[] = [];
  if (startsFromExportedWeights) {
    if (!g.initialWeights) throw new Error('this graph starts from saved weights, but the exporter was given none');
    files.push({ name: INITIAL_WEIGHTS_FILE, bytes: encodeSafetensors(g.initialWeights()) });
  }
  files.push({ name: 'graph.json', bytes: encoder.encode(serializeGraph(g.doc)) });
  // a BPE tokenizer's Hugging Face tokenizer.json, which the program copies into its run folder as `train` does
  const hf = Object.entries(g.sourceStates).filter(([, state]) => typeof state === 'object' && state !== null && 'model' in state && 'pre_tokenizer' in state);
  for (const [nodeId, state] of hf) {
    files.push({ name: hf.length === 1 ? 'tokenizer.json' : `tokenizer-${nodeId.replace(/[^A-Za-z0-9_-]/g, '_')}.json`, bytes: encoder.encode(JSON.stringify(state, null, 2)) });
  }
  files.push({
    name: 'manifest.json',
    bytes: encoder.encode(JSON.stringify({ format: 'pretrain-lab/torch-data', version: 1, graph: g.doc, sourceStates: g.sourceStates, variables: g.variables })),
  });

  return files;
}
