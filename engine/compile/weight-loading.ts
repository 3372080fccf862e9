import type { GraphDocument } from '../core/graph-document.js';
import type { Analysis } from '../analysis/validate.js';
import type { NodeDefinition } from '../registry/define-node.js';
import type { DataSource } from '../data/data-source.js';
import type { NamedVariable } from './program-types.js';

/**
 * Nodes that start a model from saved weights (continued pretraining) carry this hook beside
 * their ordinary definition. compileGraph asks them before the source stage, since a saved
 * run's tokenizer state replaces building a new vocabulary, and applies the answer once the
 * model's variables are made.
 */
export interface WeightPlan {
  /** states for source nodes (tokenizers), by node id: they set up as if resuming */
  sourceStates: Record<string, unknown>;
  /** assign saved values to the freshly made variables; `dims` are the global sizes (V, ...) */
  apply(variables: readonly NamedVariable[], dims: ReadonlyMap<string, number>): void;
}

export interface WeightLoadContext<P> {
  nodeId: string;
  params: P;
  doc: GraphDocument;
  /** the graph checked before the source stage: node types and parsed params */
  analysis: Analysis;
  data: DataSource;
}

export interface WeightLoader<P = any> {
  loadWeights(ctx: WeightLoadContext<P>): Promise<WeightPlan>;
}

export function isWeightLoader(def: NodeDefinition | undefined): def is NodeDefinition & WeightLoader {
  return !!def && typeof (def as Partial<WeightLoader>).loadWeights === 'function';
}
