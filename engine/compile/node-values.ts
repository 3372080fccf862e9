import { portKey, type GraphDocument } from '../core/graph-document.js';
import { GraphError, NodeRunError, type Diagnostic } from '../core/diagnostics.js';
import type { HostTensor } from '../core/host-tensor.js';
import type { TensorType } from '../core/tensor-type.js';
import type { Vocabulary } from '../core/vocabulary.js';
import { analyzeGraph, type Analysis } from '../analysis/validate.js';
import type { DataSource } from '../data/data-source.js';
import type { NodeRegistry } from '../registry/registry.js';
import type { Split } from '../registry/define-node.js';
import { staticPorts } from './static-ports.js';
import { batchStage, runSourceStage, type SourceStage } from './data-stages.js';

/**
 * What one data, tokenizer, batching or masking node produces, computed the way a run computes
 * it: only the source and batch stages the node depends on, through the engine's own stages
 * (data-stages.ts), on batch `index` of a split — index 1 of 'train' is the batch a run's first
 * step trains on. The CLI's `preview` and scripts read batches through it.
 */

export interface NodeValuesOptions {
  registry: NodeRegistry;
  data: DataSource;
  split?: Split;
  /** which batch of the split (default 1: what step 1 of a run trains on) */
  index?: number;
  /** runs (or reuses) the source stage the node depends on; default: run it */
  sources?(key: string, run: () => Promise<SourceStage>): Promise<SourceStage>;
  onProgress?(nodeId: string, message: string): void;
}

export interface NodeValue {
  port: string;
  type: TensorType;
  /** a source value (text splits, a token stream) or a batch's host tensor */
  value: unknown;
  /** the vocabulary of token ids, when the port carries ids */
  vocabulary?: Vocabulary;
}

export interface NodeValues {
  nodeId: string;
  stage: 'source' | 'batch';
  outputs: NodeValue[];
}

/** The batch a run's first step draws (the trainer asks for nextBatch('train', 1)). */
export const FIRST_TRAINING_BATCH = 1;

const STAGE_WORDS: Record<string, string> = { tensor: 'a model node', train: 'the training settings', eval: 'an output node' };

/** Throws GraphError / NodeRunError pinned to the node at fault, as compileGraph does. */
export async function nodeValues(doc: GraphDocument, nodeId: string, opts: NodeValuesOptions): Promise<NodeValues> {
  const first = analyzeGraph(doc, opts.registry);
  const target = first.nodes.get(nodeId);
  if (!target) {
    const ids = doc.nodes.map((n) => n.id).join(', ');
    throw new GraphError([{ nodeId: null, severity: 'error', message: `there is no node "${nodeId}" in this graph (it has: ${ids})` }]);
  }
  const stage = target.def?.stage;
  if (stage && stage !== 'source' && stage !== 'batch') {
    throw new NodeRunError(nodeId, `${target.def!.title} is ${STAGE_WORDS[stage] ?? 'not a data node'}: a preview shows what data, tokenizer, batching and masking nodes produce`);
  }
  const needed = first.index.upstreamOf([nodeId]);
  failOnErrors(first, needed);
  const stageOf = (id: string) => first.nodes.get(id)!.def!.stage;

  const sourceIds = first.order.filter((n) => needed.has(n) && stageOf(n) === 'source');
  const run = (): Promise<SourceStage> =>
    runSourceStage(first, new Set(sourceIds), { seed: doc.seed, data: opts.data, mode: 'train', ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
  const { values: sourceValues, globals } = opts.sources ? await opts.sources(sourceKey(doc, sourceIds, first), run) : await run();

  const outputsOf = (analysis: Analysis) => Object.entries(analysis.nodes.get(nodeId)!.outputs ?? {});
  if (stage === 'source') {
    const ports = staticPorts(first, sourceValues);
    return {
      nodeId,
      stage: 'source',
      outputs: outputsOf(first).map(([port, type]) => {
        const key = portKey({ node: nodeId, port });
        const vocabulary = ports.get(key)?.vocabulary;
        return { port, type, value: sourceValues.get(key), ...(vocabulary ? { vocabulary } : {}) };
      }),
    };
  }

  const analysis = analyzeGraph(doc, opts.registry, { globals });
  failOnErrors(analysis, needed);
  const ports = staticPorts(analysis, sourceValues);
  const batchIds = analysis.order.filter((n) => needed.has(n) && stageOf(n) === 'batch');
  const values = batchStage(analysis, batchIds, sourceValues, ports, doc.seed)(opts.split ?? 'train', opts.index ?? FIRST_TRAINING_BATCH);
  const outputs: NodeValue[] = [];
  for (const [port, declared] of outputsOf(analysis)) {
    const key = portKey({ node: nodeId, port });
    const tensor = values.get(key) as HostTensor | undefined;
    if (!tensor) continue;
    const p = ports.get(key);
    outputs.push({ port, type: p?.type ?? declared, value: tensor, ...(p?.vocabulary ? { vocabulary: p.vocabulary } : {}) });
  }
  return { nodeId, stage: 'batch', outputs };
}

/** Everything a source stage depends on: the seed, the source nodes as written, and the edges between them. */
function sourceKey(doc: GraphDocument, sourceIds: string[], analysis: Analysis): string {
  const ids = new Set(sourceIds);
  const nodes = doc.nodes.filter((n) => ids.has(n.id)).map((n) => [n.id, n.type, n.version ?? 1, analysis.nodes.get(n.id)!.params]);
  const edges = doc.edges.filter((e) => ids.has(e.to.node)).map((e) => [portKey(e.from), portKey(e.to)]);
  return JSON.stringify([doc.seed, nodes, edges]);
}

/** Errors on the nodes a preview needs; problems elsewhere in the graph do not stop it. */
function failOnErrors(analysis: Analysis, needed: Set<string>): void {
  const errors: Diagnostic[] = analysis.diagnostics.filter((d) => d.severity === 'error' && d.nodeId !== null && needed.has(d.nodeId));
  if (errors.length) throw new GraphError(errors);
}
