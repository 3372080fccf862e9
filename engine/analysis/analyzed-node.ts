import type { TensorType } from '../core/tensor-type.js';
import type { NodeDefinition } from '../registry/define-node.js';

/**
 * One node as analysis sees it: its definition and parsed settings when they are sound, and the
 * types it was found to read and write. Its own file, so the rules analysis runs (graph-rules,
 * loss-weight-rule, size-estimate) need not import validate.ts, which imports them.
 */
export interface AnalyzedNode {
  id: string;
  def?: NodeDefinition;
  params?: unknown;
  inputs: Record<string, TensorType | undefined>;
  outputs?: Record<string, TensorType>;
}
