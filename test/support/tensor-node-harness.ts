import * as tf from '@tensorflow/tfjs';
import { hashSeed } from '../../engine/core/rng.js';
import { substitute, type Dim, type TensorType } from '../../engine/core/tensor-type.js';
import { unifyType } from '../../engine/analysis/unify.js';
import type { ApplyContext, Initializer, MetricAccumulator, NodeDefinition, NodeIssue, StaticPort, TensorNode, TensorRuntime } from '../../engine/registry/define-node.js';
import { initialValue } from '../../engine/runtime/variables.js';

/**
 * Builds one tensor node outside a graph, the way the compiler does: params parsed by the node's
 * schema, output types from unifying the given input types with its ports (plus its infer hook),
 * seeded variables. For unit tests and the benchmark.
 */

let builds = 0;

export interface HarnessOptions {
  params?: Record<string, unknown>;
  /** concrete types of the connected inputs (unconnected optional inputs are left out) */
  inputs: Record<string, TensorType | StaticPort>;
  seed?: number;
  nodeId?: string;
}

export interface BuiltNode<P> {
  params: P;
  runtime: TensorRuntime;
  outputs: Record<string, TensorType>;
  /** the node's variables by the names it gave them */
  variables: Map<string, tf.Variable>;
  apply(inputs: Record<string, tf.Tensor>, ctx?: Partial<ApplyContext>): Record<string, tf.Tensor>;
  dispose(): void;
}

/** Output types and issues, as analysis would infer them from concrete input types. */
export function inferNode<P>(def: NodeDefinition<P>, params: P, inputs: Record<string, TensorType>): { outputs: Record<string, TensorType>; issues: NodeIssue[] } {
  const bindings = new Map<string, Dim>(Object.entries(def.dims?.(params) ?? {}));
  const issues: NodeIssue[] = [];
  for (const port of def.inputs) {
    const actual = inputs[port.name];
    if (!actual) {
      if (!port.optional) issues.push({ port: port.name, message: 'not connected' });
      continue;
    }
    const r = unifyType(actual, port.type, bindings);
    if (!r.ok) issues.push({ port: port.name, message: r.reason });
  }
  const outputs: Record<string, TensorType> = {};
  for (const port of def.outputs) outputs[port.name] = substitute(port.type, bindings);
  const inferred = def.infer?.({ params, inputs, dims: bindings });
  Object.assign(outputs, inferred?.outputs ?? {});
  issues.push(...(inferred?.issues ?? []));
  return { outputs, issues };
}

export function buildTensorNode<P>(def: NodeDefinition<P>, opts: HarnessOptions): BuiltNode<P> {
  if (def.stage !== 'tensor') throw new Error(`${def.type} is a ${def.stage} node, not a tensor node`);
  const nodeId = opts.nodeId ?? def.type.split('/').pop()!;
  const seed = opts.seed ?? 1;
  const params = def.params.parse(opts.params ?? {}) as P;
  const ports: Record<string, StaticPort> = {};
  const types: Record<string, TensorType> = {};
  for (const [name, v] of Object.entries(opts.inputs)) {
    ports[name] = 'type' in v ? v : { type: v };
    types[name] = ports[name]!.type;
  }
  const { outputs, issues } = inferNode(def, params, types);
  const errors = issues.filter((i) => (i.severity ?? 'error') === 'error');
  if (errors.length) throw new Error(`${def.type}: ${errors.map((i) => `${i.port ?? ''}: ${i.message}`).join('; ')}`);
  const build = ++builds;
  const variables = new Map<string, tf.Variable>();
  const variable = (name: string, shape: number[], init: Initializer) => {
    if (variables.has(name)) throw new Error(`variable ${name} made twice`);
    const value = initialValue(shape, init, hashSeed(seed, nodeId, name));
    const v = tf.variable(value, true, `harness${build}:${nodeId}/${name}`);
    value.dispose();
    variables.set(name, v);
    return v;
  };
  const runtime = (def as TensorNode<P>).build({ nodeId, params, inputs: ports, outputs, variable });
  return {
    params,
    runtime,
    outputs,
    variables,
    apply: (inputs, ctx = {}) => runtime.apply(inputs, { training: false, step: 0, seed: 0, ...ctx }),
    dispose: () => variables.forEach((v) => v.dispose()),
  };
}

/** Largest |a - b| relative to max(1, max |b|): values of any scale compare at the same tolerance. */
export function maxRelDiff(a: tf.Tensor, b: tf.Tensor): number {
  if (a.shape.join() !== b.shape.join()) throw new Error(`shapes differ: [${a.shape}] vs [${b.shape}]`);
  const x = a.dataSync();
  const y = b.dataSync();
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < x.length; i++) {
    diff = Math.max(diff, Math.abs(x[i]! - y[i]!));
    scale = Math.max(scale, Math.abs(y[i]!));
  }
  return Number.isNaN(diff) ? Infinity : diff / scale;
}

/** Value and gradients (w.r.t. every input, of sum(f * probe)) of f at the given inputs. */
export function valueAndGrads(f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], probe?: tf.Tensor): { value: tf.Tensor; grads: tf.Tensor[] } {
  return tf.tidy(() => {
    const value = f(...inputs);
    const weight = probe ?? tf.randomNormal(value.shape, 0, 1, 'float32', 7);
    const grads = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), weight)))(inputs);
    return { value, grads };
  });
}

/** Feed one batch to a metric as held-out evaluation does: select, read asynchronously, add. */
export async function updateMetric(acc: MetricAccumulator, inputs: Record<string, tf.Tensor>, outputs: Record<string, tf.Tensor> = {}): Promise<void> {
  const selected = tf.tidy(() => Object.entries(acc.select(inputs, outputs)).map(([k, t]) => [k, tf.keep(t.clone())] as const));
  const values = await Promise.all(selected.map(([, t]) => t.data()));
  acc.add(Object.fromEntries(selected.map(([k], i) => [k, values[i]!])));
  tf.dispose(selected.map(([, t]) => t));
}
