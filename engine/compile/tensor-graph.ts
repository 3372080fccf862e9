import * as tf from '@tensorflow/tfjs';
import { portKey } from '../core/graph-document.js';
import { createVariable, type VariableLimits } from '../runtime/variables.js';
import { nodeStep } from '../runtime/step.js';
import type { Analysis } from '../analysis/validate.js';
import type { ApplyContext, Initializer, StaticPort, TensorNode, TensorRuntime } from '../registry/define-node.js';
import type { NamedVariable } from './program-types.js';
import { inputPorts, outputTypes } from './static-ports.js';
import { runNode } from './run-node.js';

let programCounter = 0;

export type NodeHook = (nodeId: string, inputs: Record<string, tf.Tensor>, outputs: Record<string, tf.Tensor>) => void;

/**
 * The model side of a compiled graph: every tensor node built once (its variables made), then
 * run in topological order on feeds that come from the batch stage.
 */
export class TensorGraph {
  readonly runtimes = new Map<string, TensorRuntime>();
  readonly variables: NamedVariable[] = [];
  private readonly programId = ++programCounter;

  constructor(
    private readonly analysis: Analysis,
    private readonly ports: Map<string, StaticPort>,
    seed: number,
    nodeIds: string[],
  ) {
    for (const id of nodeIds) {
      const node = analysis.nodes.get(id)!;
      const def = node.def as TensorNode<unknown>;
      const variable = (name: string, shape: number[], init: Initializer, limits?: VariableLimits) => this.makeVariable(seed, id, name, shape, init, limits);
      const runtime = runNode(id, () =>
        def.build({ nodeId: id, params: node.params, inputs: inputPorts(analysis, id, ports), outputs: outputTypes(analysis, id), variable }),
      );
      this.runtimes.set(id, runtime);
    }
  }

  private makeVariable(seed: number, nodeId: string, name: string, shape: number[], init: Initializer, limits?: VariableLimits): tf.Variable {
    const full = `${nodeId}/${name}`;
    if (this.variables.some((v) => v.name === full)) throw new Error(`node ${nodeId} made variable "${name}" twice`);
    // Unique names per program: tfjs keys variables globally and a graph may be compiled twice.
    const named = createVariable(seed, full, shape, init, `p${this.programId}:${full}`, limits);
    this.variables.push(named);
    return named.variable;
  }

  /** Tensor nodes upstream of (and including) `nodeId`, in run order. */
  upstream(nodeIds: string[]): string[] {
    const needed = this.analysis.index.upstreamOf(nodeIds);
    return this.analysis.order.filter((id) => needed.has(id) && this.runtimes.has(id));
  }

  /** Run `nodes` (in order); inputs that come from outside the model are taken from `feed`. */
  run(nodes: string[], feed: (key: string) => tf.Tensor, ctx: ApplyContext, hook?: NodeHook): Map<string, tf.Tensor> {
    const values = new Map<string, tf.Tensor>();
    for (const id of nodes) {
      const inputs: Record<string, tf.Tensor> = {};
      for (const e of this.analysis.index.incoming.get(id) ?? []) {
        const key = portKey(e.from);
        inputs[e.to.port] = this.runtimes.has(e.from.node) ? values.get(key)! : feed(key);
      }
      const outputs = runNode(id, () => this.runtimes.get(id)!.apply(inputs, nodeStep(ctx, id)));
      for (const [port, t] of Object.entries(outputs)) values.set(portKey({ node: id, port }), t);
      hook?.(id, inputs, outputs);
    }
    return values;
  }

  dispose(): void {
    for (const v of this.variables) v.variable.dispose();
    this.variables.length = 0;
  }
}

export { hostToTensor } from '../runtime/feed.js';
