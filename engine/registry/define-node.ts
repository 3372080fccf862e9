import type { z } from 'zod';
import type * as tf from '@tensorflow/tfjs';
import type { Dim, TensorType } from '../core/tensor-type.js';
import type { Rng } from '../core/rng.js';
import type { HostTensor } from '../core/host-tensor.js';
import type { Vocabulary } from '../core/vocabulary.js';
import type { DataSource } from '../data/data-source.js';
import type { MetricAccumulator, StepContext, TensorApply } from '../runtime/step.js';
import type { TorchEmit } from '../export-torch/torch-emit.js';

/**
 * One typed definition per node type. Analysis uses only the declarative part (ports, params,
 * dims, infer) and never imports tfjs; the stage-specific part runs in the compiled program.
 *
 * Stages, in the order data flows:
 * - `source`: runs once before training (load a corpus, train a tokenizer); async.
 * - `batch`:  runs on the host for every batch (sample blocks, mask tokens); seeded.
 * - `tensor`: tfjs ops on the model's side, differentiated through (embeddings, blocks, losses).
 * - `train`:  settings read by the trainer (optimizer); takes the loss.
 * - `eval`:   turns a trained model into something a person can look at (sampled text, ...).
 */

export type Family =
  | 'data'
  | 'tokenizer'
  | 'batching'
  | 'masking'
  | 'noise-schedule'
  | 'model'
  | 'loss'
  | 'training'
  | 'eval'
  | 'checkpoint';

export interface PortSpec {
  name: string;
  /** Shape symbols are local to the node: ports that share a symbol must agree on it. */
  type: TensorType;
  doc: string;
  optional?: boolean;
}

/** What a connected input carries once the graph is compiled: a concrete type and, for ids, their vocabulary. */
export interface StaticPort {
  type: TensorType;
  vocabulary?: Vocabulary;
}

export interface InferContext<P> {
  params: P;
  /** inferred types of the connected inputs (absent when not connected) */
  inputs: Record<string, TensorType | undefined>;
  /** the node's symbol bindings after unifying its inputs and its params' dims */
  dims: ReadonlyMap<string, Dim>;
}

export interface NodeIssue {
  port?: string;
  /** the setting at fault, when it is a setting rather than a connection */
  param?: string;
  message: string;
  severity?: 'error' | 'warning';
}

export interface InferResult {
  /** output types to use instead of the declared ones after substitution */
  outputs?: Record<string, TensorType>;
  issues?: NodeIssue[];
}

/** Expressions an exporter hands a node so it can write the code that runs it (engine/export). */
export interface EmitContext {
  nodeId: string;
  /** the node's settings, e.g. \`config.blocks\` */
  config: string;
  /** the value at an input: a source value, a batch value or (model nodes) a tensor */
  input(port: string): string;
  connected(port: string): boolean;
  /** the vocabulary of the ids at an input */
  vocabulary(port: string): string;
  /** the type reaching an input, as analysis inferred it (undefined when not connected) */
  inputType(port: string): TensorType | undefined;
  /** one size of an input's or output's shape: a number, or an expression when the data fixes it */
  dim(port: string, axis: number, side?: 'input' | 'output'): string;
  /** batch nodes: this node's random stream for the batch being drawn; output nodes: theirs */
  rng: string;
  /** output nodes: the ForwardModel of what an input reads */
  model(port: string): string;
  /** model nodes: this node's variable maker */
  variable: string;
  /** source nodes: the state a checkpoint node restores for this node, when the graph has one */
  saved?: string;
  /** what this node's \`prepare\` produced, from where the code runs */
  prepared: string;
  /** the size the data gives a shape symbol (a vocabulary size), or "undefined" */
  symbolSize(symbol: string): string;
  /** every node of the graph as checkpoint matching sees it (GraphNodeInfo[]) */
  graphNodes: string;
}

/**
 * How an exported program runs a node. The code lives in library modules (\`uses\`) that the
 * engine runs too; \`code\` only writes the call. It evaluates to, by stage:
 * source and batch, an object of the node's outputs by port (source code may \`await\`);
 * tensor, the node's apply function (inputs, step) => outputs, made once with its variables;
 * eval, a promise of the node's EvalOutput.
 */
export interface NodeEmit {
  uses: string[];
  code(ctx: EmitContext): string;
  /** model nodes with held-out metrics: an expression making a MetricAccumulator */
  metrics?(ctx: EmitContext): string;
  /** runs first, before the sources (reading a saved run); an expression that may \`await\` */
  prepare?(ctx: EmitContext): string;
  /** a statement run once every model node is built (\`variables\` holds their weights) */
  afterBuild?(ctx: EmitContext): string;
}

export interface NodeBase<P> {
  type: string;
  family: Family;
  title: string;
  version: number;
  /** Markdown shown in the inspector and copied into exported code. */
  docs: string;
  params: z.ZodType<P, any>;
  inputs: PortSpec[];
  outputs: PortSpec[];
  /** shape symbols the params fix, e.g. `{ D: params.dModel }` */
  dims?(params: P): Record<string, Dim>;
  /**
   * sizes shape symbols take in one training step, for the size estimate only (a batching node's
   * `{ B: batchSize }`, a BPE tokenizer's `{ V: vocabSize }`): unlike `dims`, never unified, since
   * output nodes run the same model on other batch sizes
   */
  stepDims?(params: P): Record<string, number>;
  /** checks and output types the generic unification cannot express */
  infer?(ctx: InferContext<P>): InferResult | void;
  /** bring params written for an older `version` up to this one */
  migrate?(params: Record<string, unknown>, fromVersion: number): Record<string, unknown>;
  /** how an exported TypeScript program runs it; every node that trains or feeds training has one */
  emit?: NodeEmit;
  /** how an exported PyTorch program runs it (engine/export-torch); nodes without one cannot be exported there yet */
  torch?: TorchEmit<P>;
}

// ---- source ----------------------------------------------------------------------------
export interface SetupContext<P> {
  nodeId: string;
  params: P;
  /** values of upstream source nodes, by this node's input port */
  inputs: Record<string, unknown>;
  data: DataSource;
  /** 'inference' skips corpus work: enough to rebuild tokenizers from `saved` for sampling */
  mode: 'train' | 'inference';
  /** what this node's last setup returned as `state`, when resuming or loading a run */
  saved?: unknown;
  seed: number;
  progress?(message: string): void;
  /** something the user should know about the data that does not stop the run (characters a vocabulary drops) */
  warn?(message: string): void;
}

export interface SetupResult {
  outputs: Record<string, unknown>;
  /** global shape symbols this node fixes now that it has seen the data, e.g. `{ V: 65 }` */
  dims?: Record<string, number>;
  /** JSON saved with checkpoints so the same node can be rebuilt without redoing the work */
  state?: unknown;
}

export interface SourceNode<P> extends NodeBase<P> {
  stage: 'source';
  setup(ctx: SetupContext<P>): Promise<SetupResult>;
}

// ---- batch -----------------------------------------------------------------------------
export type Split = 'train' | 'val';

export interface BatchContext<P> {
  nodeId: string;
  params: P;
  /** source values or host tensors, by input port */
  inputs: Record<string, any>;
  ports: Record<string, StaticPort>;
  split: Split;
  rng: Rng;
}

export interface BatchNode<P> extends NodeBase<P> {
  stage: 'batch';
  /** once, at compile time: check requirements on the data (e.g. a [MASK] token exists) */
  prepare?(ctx: { nodeId: string; params: P; ports: Record<string, StaticPort> }): void;
  batch(ctx: BatchContext<P>): Record<string, HostTensor>;
}

// ---- tensor ----------------------------------------------------------------------------
export type { Initializer } from '../runtime/variables.js';
import type { Initializer, VariableLimits } from '../runtime/variables.js';

export interface BuildContext<P> {
  nodeId: string;
  params: P;
  /** concrete types (batch left symbolic) and vocabularies of the connected inputs */
  inputs: Record<string, StaticPort>;
  /** concrete output types */
  outputs: Record<string, TensorType>;
  /** a trainable variable owned by this node; seeded from the graph seed, node id and name; kept within `limits` after every update */
  variable(name: string, shape: number[], init: Initializer, limits?: VariableLimits): tf.Variable;
}

export type ApplyContext = StepContext;

export type { MetricAccumulator } from '../runtime/step.js';

export interface TensorRuntime {
  /** inputs -> outputs on one step; marked `incremental` when it can decode token by token */
  apply: TensorApply;
  metrics?(): MetricAccumulator;
}

export interface TensorNode<P> extends NodeBase<P> {
  stage: 'tensor';
  /**
   * Makes the node's variables and returns its runtime; computes nothing else yet (no tensors):
   * the size estimate runs it with a stand-in variable maker to count the weights it makes.
   */
  build(ctx: BuildContext<P>): TensorRuntime;
  /**
   * the largest tensors made inside the node on a training step and kept for the backward pass
   * (attention scores, an MLP's hidden layer), for the size estimate: `elements` each, `count` of them
   */
  internals?(ctx: InternalsContext<P>): InternalTensor[];
}

export interface InternalsContext<P> {
  params: P;
  inputs: Record<string, TensorType | undefined>;
  outputs: Record<string, TensorType>;
  /** a shape's size in one training step; undefined when no setting or estimate fixes it */
  size(dim: Dim): number | undefined;
}

export interface InternalTensor {
  what: string;
  elements: number;
  /** how many such tensors a step keeps (one per layer, say) */
  count: number;
}

// ---- train -----------------------------------------------------------------------------
export interface TrainNode<P> extends NodeBase<P> {
  stage: 'train';
}

// ---- eval ------------------------------------------------------------------------------
export type { EvalOutput, ForwardModel } from '../runtime/forward-model.js';
import type { EvalOutput, ForwardModel } from '../runtime/forward-model.js';

export interface EvalContext<P> {
  nodeId: string;
  params: P;
  /** data connected to the node's inputs from source nodes (held-out images, ...), by port */
  inputs: Record<string, unknown>;
  model(port: string): ForwardModel;
  rng: Rng;
  /** aborted when the person no longer wants the output (a second Stop): long loops check it */
  signal?: AbortSignal;
}

export interface EvalNode<P> extends NodeBase<P> {
  stage: 'eval';
  evaluate(ctx: EvalContext<P>): Promise<EvalOutput>;
  /**
   * Settings checked once the model (and its vocabulary) is known, when the graph compiles: a
   * prompt the vocabulary cannot spell fails before training, not after it. Throws the problem.
   */
  check?(ctx: { nodeId: string; params: P; model(port: string): ForwardModel }): void;
}

export type NodeDefinition<P = any> = SourceNode<P> | BatchNode<P> | TensorNode<P> | TrainNode<P> | EvalNode<P>;

/** Identity with inference: `defineNode({...})` keeps the params type flowing into every hook. */
export function defineNode<P>(def: NodeDefinition<P>): NodeDefinition<P> {
  return def;
}
