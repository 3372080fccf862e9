import type { NodeDefinition } from '../registry/define-node.js';
import type { GraphIndex } from './graph-index.js';

type Stage = NodeDefinition['stage'];

/** The nodes a run starts from: the optimizer and every output node. */
const ROOT_STAGES: ReadonlySet<Stage> = new Set<Stage>(['train', 'eval']);

/**
 * What runs: the optimizer and output nodes among `ids`, and every node they read; nothing else
 * ever does. One definition for the training plan and for the rule that warns about a node that
 * would not run, which sees graphs that do not validate yet (a node of unknown type, whose
 * stage is undefined, or a second optimizer).
 */
export function liveNodes(ids: Iterable<string>, stageOf: (id: string) => Stage | undefined, index: GraphIndex): Set<string> {
  const roots = [...ids].filter((id) => {
    const stage = stageOf(id);
    return stage !== undefined && ROOT_STAGES.has(stage);
  });
  return index.upstreamOf(roots);
}
