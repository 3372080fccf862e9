import type * as tf from '@tensorflow/tfjs';
import type { NamedVariable } from '../runtime/variables.js';
import type { GraphDocument, PortRef } from '../core/graph-document.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { HostTensor } from '../core/host-tensor.js';
import type { Analysis } from '../analysis/validate.js';
import type { ApplyContext, EvalOutput, ForwardModel, Split } from '../registry/define-node.js';
import type { TrainerSettings } from '../train/trainer-settings.js';

/** One batch: the batch-stage outputs the model reads, keyed "node.port". */
export type Batch = Map<string, HostTensor>;

export type { NamedVariable } from '../runtime/variables.js';

export interface NonFiniteReport {
  nodeId: string;
  port: string;
  /** 'output' when a node produced it from finite inputs; 'weights' when a variable is already bad */
  kind: 'output' | 'weights';
}

/** A graph compiled for training: the trainer drives it, knowing nothing of nodes. */
export interface TrainingProgram {
  doc: GraphDocument;
  analysis: Analysis;
  seed: number;
  optimizerNodeId: string;
  settings: TrainerSettings;
  /** what each source node needs to be rebuilt without redoing its work (tokenizers) */
  sourceStates: Record<string, unknown>;
  /** what the data gave nodes to warn about (characters a vocabulary drops): reported when a run starts */
  warnings: Diagnostic[];
  variables: NamedVariable[];
  /** tokens the model reads in one training batch (for tokens/s) */
  tokensPerBatch: number;
  /** examples in one training batch (blocks, images, pairs: for samples/s) */
  samplesPerBatch: number;
  nextBatch(split: Split, index: number): Batch;
  /** the scalar loss for a batch; call inside tf.variableGrads / tf.tidy */
  loss(batch: Batch, ctx: ApplyContext): tf.Scalar;
  /** held-out loss and the loss nodes' metrics over the eval batches; `signal` aborts between batches */
  evaluate(batches: number, signal?: AbortSignal): Promise<{ valLoss: number; metrics: Record<string, number> }>;
  /** the first node whose output (or weights) is not finite on this batch, if any */
  findNonFinite(batch: Batch, ctx: ApplyContext): Promise<NonFiniteReport | null>;
  evalNodeIds: string[];
  /** what the source stage made (corpora, token streams), by "node.port": yardsticks read held-out text from it */
  sourceValues: ReadonlyMap<string, unknown>;
  /** the trained model from its inputs to a model node's output (an LM head's logits, an encoder's states) */
  forwardTo(to: PortRef): ForwardModel;
  /** run output node `nodeId`; `signal` aborts a long one (sampling) between its steps */
  runEval(nodeId: string, overrides?: Record<string, unknown>, seed?: number, signal?: AbortSignal): Promise<EvalOutput>;
  /** the model output node `nodeId` reads on its input `port`, as it runs it */
  outputModel(nodeId: string, port: string): ForwardModel;
  dispose(): void;
}
