import * as tf from '@tensorflow/tfjs';
import { portKey, type GraphDocument } from '../core/graph-document.js';
import { GraphError, NodeRunError, pinnedTo } from '../core/diagnostics.js';
import { makeRng } from '../core/rng.js';
import type { HostTensor } from '../core/host-tensor.js';
import { analyzeGraph, type Analysis } from '../analysis/validate.js';
import type { EvalNode, StaticPort } from '../registry/define-node.js';
import type { NodeRegistry } from '../registry/registry.js';
import type { DataSource } from '../data/data-source.js';
import { trainingPlan } from '../analysis/training-plan.js';
import type { Batch, TrainingProgram } from './program-types.js';
import { staticPorts } from './static-ports.js';
import { hostToTensor, TensorGraph } from './tensor-graph.js';
import { runNode, runNodeAsync } from './run-node.js';
import { forwardModel, forwardModelTo } from './forward-model.js';
import { evaluateHeldOut, findNonFinite } from './program-checks.js';
import { batchStage, runSourceStage } from './data-stages.js';
import { settingsForRun } from '../analysis/params.js';
import { BACKEND_MEMORY_LIMITS, stepMemoryProblem } from '../analysis/size-estimate.js';
import { isWeightLoader, type WeightPlan } from './weight-loading.js';

export interface CompileOptions {
  registry: NodeRegistry;
  data: DataSource;
  /** 'inference' rebuilds tokenizers from saved state and loads no corpus (sampling a finished run) */
  mode?: 'train' | 'inference';
  /**
   * source node states from a checkpoint (tokenizers), so resuming does not retrain them. Given
   * only when a checkpoint of this very graph is restored afterwards (resume, sampling), so
   * checkpoint nodes (continued pretraining) then load nothing.
   */
  savedStates?: Record<string, unknown>;
  onProgress?(nodeId: string, message: string): void;
}

function failOnErrors(analysis: Analysis): void {
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new GraphError(errors);
}

/**
 * A training step larger than the backend can hold is refused before anything is allocated, on
 * the node that adds the most: wasm would fail with "memory access out of bounds" or abort
 * minutes in, naming no node.
 */
function failOverMemory(analysis: Analysis, mode: CompileOptions['mode']): void {
  const backend = tf.getBackend();
  const limit = BACKEND_MEMORY_LIMITS[backend];
  if (mode === 'inference' || limit === undefined) return;
  const problem = stepMemoryProblem(analysis.sizes, limit, `the ${backend} backend`, 'error');
  if (problem) throw new GraphError([problem]);
}

/** Validate, run the source stage, then build the model: a program the trainer can drive. */
export async function compileGraph(doc: GraphDocument, opts: CompileOptions): Promise<TrainingProgram> {
  const first = analyzeGraph(doc, opts.registry);
  failOnErrors(first);
  failOverMemory(first, opts.mode);
  const firstPlan = trainingPlan(first);
  const { optimizerNodeId, evalNodeIds } = firstPlan;

  // Checkpoint nodes read their saved run first: its tokenizer states replace building new ones.
  let savedStates = opts.savedStates;
  const weightPlans: [string, WeightPlan][] = [];
  if (opts.mode !== 'inference' && !opts.savedStates) {
    for (const id of firstPlan.order) {
      const node = first.nodes.get(id)!;
      if (!isWeightLoader(node.def)) continue;
      const def = node.def;
      const loaded = await runNodeAsync(id, () => def.loadWeights({ nodeId: id, params: node.params, doc, analysis: first, data: opts.data }));
      weightPlans.push([id, loaded]);
      savedStates = { ...savedStates, ...loaded.sourceStates };
    }
  }

  // Source stage: once, in order; their values feed later sources and the batch stage.
  const sourceIds = new Set(firstPlan.stage('source'));
  const { values: sourceValues, globals, states: sourceStates, warnings } = await runSourceStage(first, sourceIds, {
    seed: doc.seed,
    data: opts.data,
    mode: opts.mode ?? 'train',
    ...(savedStates ? { savedStates } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });

  // With the data seen, every size is known: check the graph again with them filled in.
  const analysis = analyzeGraph(doc, opts.registry, { globals });
  failOnErrors(analysis);
  failOverMemory(analysis, opts.mode);
  const ports = staticPorts(analysis, sourceValues);

  const plan = trainingPlan(analysis);
  const batchIds = plan.stage('batch');
  const nextBatch = batchStage(analysis, batchIds, sourceValues, ports, doc.seed);

  const tensorIds = plan.stage('tensor');
  const model = new TensorGraph(analysis, ports, doc.seed, tensorIds);
  try {
    for (const [id, loaded] of weightPlans) runNode(id, () => loaded.apply(model.variables, globals));
  } catch (e) {
    model.dispose();
    throw e;
  }
  const { lossEdge, settings } = plan;
  const lossKey = portKey(lossEdge.from);
  const trainNodes = model.upstream([lossEdge.from.node]);

  const feedFrom = (batch: Batch) => (key: string) => {
    const h = batch.get(key);
    if (!h) throw new Error(`no batch value for ${key}`);
    return hostToTensor(h);
  };

  // Sampling a finished run loads no corpus, so there is no batch to count.
  const firstBatch = opts.mode === 'inference' ? null : nextBatch('train', 0);
  const tokensPerBatch = firstBatch ? countTokens(firstBatch, analysis, ports, trainNodes) : 0;
  const samplesPerBatch = firstBatch ? countSamples(firstBatch, analysis, trainNodes) : 0;
  // settings output nodes read (prompts, texts) are checked now, not after training
  try {
    for (const id of evalNodeIds) {
      const node = analysis.nodes.get(id)!;
      const def = node.def as EvalNode<unknown>;
      if (def.check) pinnedTo(id, undefined, () => def.check!({ nodeId: id, params: node.params, model: (port) => forwardModel(analysis, ports, model, id, port) }));
    }
  } catch (e) {
    model.dispose();
    throw e;
  }
  const program: TrainingProgram = {
    doc,
    analysis,
    seed: doc.seed,
    optimizerNodeId,
    settings,
    sourceStates,
    warnings,
    variables: model.variables,
    tokensPerBatch,
    samplesPerBatch,
    nextBatch,
    loss: (batch, ctx) => model.run(trainNodes, feedFrom(batch), ctx).get(lossKey) as tf.Scalar,
    evaluate: (batches, signal) => evaluateHeldOut(model, trainNodes, lossKey, batches, (i) => feedFrom(nextBatch('val', i)), signal),
    findNonFinite: (batch, ctx) => findNonFinite(model, trainNodes, feedFrom(batch), ctx),
    evalNodeIds,
    sourceValues,
    forwardTo: (to) =>
      forwardModelTo(analysis, ports, model, to, (message) => {
        throw new NodeRunError(to.node, message, to.port);
      }),
    async runEval(nodeId, overrides = {}, seed = doc.seed, signal) {
      const node = analysis.nodes.get(nodeId);
      if (!node || node.def?.stage !== 'eval') throw new Error(`${nodeId} is not an output node of this graph`);
      const params = settingsForRun(node.def, nodeId, node.params, overrides);
      return runNodeAsync(nodeId, () =>
        (node.def as EvalNode<unknown>).evaluate({
          nodeId,
          params,
          inputs: Object.fromEntries((analysis.index.incoming.get(nodeId) ?? []).filter((e) => sourceValues.has(portKey(e.from))).map((e) => [e.to.port, sourceValues.get(portKey(e.from))])),
          model: (port) => forwardModel(analysis, ports, model, nodeId, port),
          rng: makeRng(seed, 'eval', nodeId),
          ...(signal ? { signal } : {}),
        }),
      );
    },
    outputModel: (nodeId, port) => forwardModel(analysis, ports, model, nodeId, port),
    dispose: () => model.dispose(),
  };
  return program;
}

/** Examples per batch: the leading size of the first batch value the model reads (for samples/s). */
function countSamples(batch: Batch, analysis: Analysis, trainNodes: string[]): number {
  for (const id of trainNodes) {
    for (const e of analysis.index.incoming.get(id) ?? []) {
      const h = batch.get(portKey(e.from));
      if (h && h.shape.length > 0) return h.shape[0]!;
    }
  }
  return 0;
}

/** Tokens the model reads per batch: the size of its token-id inputs (for tokens/s). */
function countTokens(batch: Batch, analysis: Analysis, ports: Map<string, StaticPort>, trainNodes: string[]): number {
  let count = 0;
  const seen = new Set<string>();
  for (const id of trainNodes) {
    for (const e of analysis.index.incoming.get(id) ?? []) {
      const key = portKey(e.from);
      const h: HostTensor | undefined = batch.get(key);
      if (!h || seen.has(key) || ports.get(key)?.type.role !== 'token-ids') continue;
      seen.add(key);
      count += h.data.length;
    }
  }
  return count;
}
