import { z } from 'zod';
import { NodeRunError, pinnedTo } from '../../engine/core/diagnostics.js';
import type { GraphDocument } from '../../engine/core/graph-document.js';
import type { Analysis } from '../../engine/analysis/validate.js';
import type { TensorType } from '../../engine/core/tensor-type.js';
import type { TensorNode } from '../../engine/registry/define-node.js';
import type { WeightLoader } from '../../engine/compile/weight-loading.js';
import type { SavedRun } from '../../engine/data/checkpoint-source.js';
import { nodeList, passLoss, planFromRun, type GraphNodeInfo } from './load-weights.run.js';
import { loadWeightsTorch } from './load-weights.torch.js';

const params = z.strictObject({
  /** a run folder made by `pretrain-lab train --out DIR`, relative to where the run starts */
  run: z.string().default('runs/masked-lm').meta({ widget: 'saved-run' }),
  /** node ids to load, separated by commas or spaces; empty: every node whose id matches a node of the run with weights */
  nodes: z.string().default(''),
});
export type LoadWeightsParams = z.infer<typeof params>;

const LOSS: TensorType = { dtype: 'float32', shape: [], role: 'loss' };

export const loadWeightsNode: TensorNode<LoadWeightsParams> & WeightLoader<LoadWeightsParams> = {
  type: 'checkpoint/load-weights',
  family: 'checkpoint',
  title: 'Load weights (continued pretraining)',
  version: 1,
  stage: 'tensor',
  docs: `Starts the model from a finished run's weights instead of random ones: continued pretraining.

Put it between the loss and the optimizer; the loss passes through unchanged. Before training,
every node of this graph whose id matches a node of the saved run (same id, same type) takes the
run's latest weights: embeddings, encoder or decoder blocks, heads. **nodes** limits it to the
ids you list, separated by commas (e.g. \`tokenizer, embed\`). The optimizer starts afresh: its
moments are not carried over and warmup runs again, so a lower learning rate is usual.

A tokenizer with the same id keeps the saved run's vocabulary, so the new corpus is read with the
old one: a character the old vocabulary never saw becomes [UNK] if the saved tokenizer has it,
and is dropped otherwise. Its settings must match the saved ones.

**run** is a folder made by \`pretrain-lab train GRAPH --out DIR\`; it is read when the run
starts, not while you edit. In the app, pick a run trained in the app or open a run folder
(it is copied into the app); the setting then reads \`app-run:<run id>\`. A missing folder, a
variable whose shape differs (more layers, a wider model, another vocabulary) or a node of
another type stops the run with a message naming the node. Resuming this run or sampling from it reads its own checkpoint, not this one.`,
  params,
  inputs: [{ name: 'loss', type: LOSS, doc: 'the loss of the model that starts from the saved weights' }],
  outputs: [{ name: 'loss', type: LOSS, doc: 'the same loss, for the optimizer' }],
  torch: loadWeightsTorch,
  emit: {
    uses: ['graph-nodes/checkpoint/load-weights.run.ts', 'graph-nodes/checkpoint/node-load-weights.run.ts'],
    prepare: (e) => `await loadWeights(${e.config}, ${JSON.stringify(e.nodeId)}, ${e.graphNodes})`,
    code: () => 'passLoss()',
    afterBuild: (e) => `${e.prepared}.apply(variables, ${e.symbolSize('V')});`,
  },
  build: () => ({ apply: passLoss() }),
  async loadWeights({ nodeId, params: p, doc, analysis, data }) {
    if (!data.checkpoints) throw new NodeRunError(nodeId, 'run folders cannot be read here yet: train this graph with the command line (pretrain-lab train)');
    let saved: SavedRun;
    try {
      saved = await data.checkpoints.loadRun(p.run);
    } catch (e) {
      throw new NodeRunError(nodeId, `setting "run": ${e instanceof Error ? e.message : String(e)}`);
    }
    const plan = pinnedTo(nodeId, undefined, () => planFromRun(nodeList(p.nodes), saved, graphNodeInfos(doc, analysis), nodeId));
    return { sourceStates: plan.sourceStates, apply: (variables, dims) => pinnedTo(nodeId, undefined, () => plan.apply(variables, dims.get('V'))) };
  },
};

/** This graph's nodes as matching a saved run sees them: type, family, settings and their defaults. */
export function graphNodeInfos(doc: GraphDocument, analysis: Analysis): GraphNodeInfo[] {
  return doc.nodes.map((n) => {
    const node = analysis.nodes.get(n.id);
    const defaults = node?.def?.params.safeParse({});
    return {
      id: n.id,
      type: node?.def?.type ?? n.type,
      family: node?.def?.family ?? '',
      params: node?.params,
      defaults: defaults?.success ? (defaults.data as Record<string, unknown>) : {},
    };
  });
}

export { nodeList };
