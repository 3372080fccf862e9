import type { GraphEdge } from '../core/graph-document.js';
import type { NodeDefinition } from '../registry/define-node.js';
import type { TrainerSettings } from '../train/trainer-settings.js';
import type { Analysis } from './validate.js';
import { liveNodes } from './live-nodes.js';

export type Stage = NodeDefinition['stage'];

/**
 * What training a sound graph means, worked out once from its analysis: the optimizer node and
 * the settings the trainer reads from it, the output nodes, every node those need (the rest never
 * runs), the loss edge, and the model nodes a training step runs. The compiler, the TypeScript and
 * PyTorch exporters read this one plan instead of each working it out again.
 */
export interface TrainingPlan {
  optimizerNodeId: string;
  settings: TrainerSettings;
  /** output nodes, in graph order */
  evalNodeIds: string[];
  /** the nodes training or an output node needs */
  live: ReadonlySet<string>;
  /** those, in graph order */
  order: string[];
  /** those of one stage, in graph order */
  stage(stage: Stage): string[];
  /** the edge that carries the loss into the optimizer */
  lossEdge: GraphEdge;
  /** the model nodes a training step runs, in graph order (output nodes may read more of the model) */
  trainTensor: string[];
}

/**
 * The settings the trainer reads, from the graph's optimizer node, or null when it has none whose
 * settings parse. Works on graphs with errors elsewhere too (the run panel shows the steps while
 * a person is still fixing them), which the plan itself refuses.
 */
export function trainerSettings(analysis: Pick<Analysis, 'nodes'>): TrainerSettings | null {
  // every node, those on a cycle too: a loop elsewhere does not hide the steps
  for (const node of analysis.nodes.values()) {
    // the optimizer node's schema satisfies the engine's type (graph-nodes/training/optimizer.ts)
    if (node.def?.stage === 'train' && node.params !== undefined) return node.params as TrainerSettings;
  }
  return null;
}

/** Throws when the analysis found the graph unsound: plan only what validated (its errors say why). */
export function trainingPlan(analysis: Analysis): TrainingPlan {
  if (analysis.diagnostics.some((d) => d.severity === 'error')) throw new Error('a training plan needs a graph without errors: report its diagnostics first');
  const stageOf = (id: string): Stage => analysis.nodes.get(id)!.def!.stage;
  const optimizerNodeId = analysis.order.find((id) => stageOf(id) === 'train')!;
  const evalNodeIds = analysis.order.filter((id) => stageOf(id) === 'eval');
  const live = liveNodes(analysis.order, stageOf, analysis.index);
  const order = analysis.order.filter((id) => live.has(id));
  const lossEdge = analysis.index.inputEdge(optimizerNodeId, 'loss')!;
  const upstreamOfLoss = analysis.index.upstreamOf([lossEdge.from.node]);
  return {
    optimizerNodeId,
    settings: trainerSettings(analysis)!,
    evalNodeIds,
    live,
    order,
    stage: (stage) => order.filter((id) => stageOf(id) === stage),
    lossEdge,
    trainTensor: order.filter((id) => stageOf(id) === 'tensor' && upstreamOfLoss.has(id)),
  };
}
