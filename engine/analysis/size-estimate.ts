import type { Dim, Role, TensorType } from '../core/tensor-type.js';
import { formatShape } from '../core/tensor-type.js';
import type { BuildContext, InternalTensor, NodeDefinition } from '../registry/define-node.js';
import type { AnalyzedNode } from './analyzed-node.js';
import type { Diagnostic } from '../core/diagnostics.js';

/**
 * How big a graph is before anything is built: per model node, the weights it makes (counted by
 * running its `build` with a stand-in variable maker, so the count is the engine's own), its
 * largest activation in one training step, and what it adds to a step's memory; for the graph,
 * the sum. Memory is an estimate from below: weights, their gradients and Adam's two moments
 * (4 float32 copies), plus each model node's outputs and the large tensors inside it that a step
 * keeps for the backward pass; tfjs's temporaries come on top.
 */

export interface NodeSize {
  /** weights the node makes; null when its build cannot run before the data is read */
  parameters: number | null;
  /** its largest tensor in one training step, and which */
  largest: { what: string; elements: number } | null;
  /** what it adds to one training step's memory, in bytes */
  stepBytes: number;
}

export interface SizeEstimate {
  nodes: Map<string, NodeSize>;
  parameters: number;
  stepBytes: number;
  /** sizes the estimate took that no setting fixes, said where it is shown ("V = 256 (assumed ...)") */
  assumed: string[];
  /** nodes whose weights could not be counted, and why */
  uncounted: { nodeId: string; why: string }[];
}

/** Per weight: the weight, its gradient, Adam's m and v, as float32. */
const BYTES_PER_PARAMETER = 16;
const BYTES_PER_ELEMENT = 4;
/** outputs that are no step's activations: a scalar loss, and an embedding table (the weights, counted as such) */
const NOT_ACTIVATIONS: ReadonlySet<Role> = new Set<Role>(['loss', 'embedding']);
/** a character vocabulary is known only once the corpus is read: the estimate takes one byte's worth */
const ASSUMED_VOCABULARY = 256;

export function estimateSizes(order: readonly string[], nodes: ReadonlyMap<string, AnalyzedNode>): SizeEstimate {
  const step = new Map<string, number>();
  for (const id of order) {
    const n = nodes.get(id)!;
    if (!n.def || n.params === undefined) continue;
    for (const [sym, size] of Object.entries(n.def.stepDims?.(n.params as never) ?? {})) if (!step.has(sym)) step.set(sym, size);
  }
  const assumed: string[] = [];
  const size = (d: Dim): number | undefined => {
    if (typeof d === 'number') return d;
    const known = step.get(d);
    if (known !== undefined) return known;
    if (d === 'V') {
      step.set('V', ASSUMED_VOCABULARY);
      assumed.push(`V = ${ASSUMED_VOCABULARY} (a character vocabulary is known once its tokenizer has read the corpus)`);
      return ASSUMED_VOCABULARY;
    }
    return undefined;
  };
  const elementsOf = (t: TensorType): number | undefined => {
    let n = 1;
    for (const d of t.shape) {
      const s = size(d);
      if (s === undefined) return undefined;
      n *= s;
    }
    return n;
  };
  const concrete = (t: TensorType): TensorType => ({ ...t, shape: t.shape.map((d) => size(d) ?? d), ...(t.vocab !== undefined ? { vocab: size(t.vocab) ?? t.vocab } : {}) });

  const out = new Map<string, NodeSize>();
  const uncounted: SizeEstimate['uncounted'] = [];
  let parameters = 0;
  let stepBytes = 0;
  for (const id of order) {
    const n = nodes.get(id)!;
    const def = n.def;
    if (!def || def.stage !== 'tensor' || n.params === undefined || !n.outputs) continue;
    const counted = countWeights(id, def, n, concrete);
    if (typeof counted === 'string') uncounted.push({ nodeId: id, why: counted });
    const weights = typeof counted === 'number' ? counted : null;
    const tensors: InternalTensor[] = Object.entries(n.outputs).flatMap(([port, t]) => {
      const e = elementsOf(t);
      return e === undefined || NOT_ACTIVATIONS.has(t.role) ? [] : [{ what: `output "${port}" ${formatShape(t.shape.map((d) => size(d) ?? d))}`, elements: e, count: 1 }];
    });
    tensors.push(...(def.internals?.({ params: n.params as never, inputs: n.inputs, outputs: n.outputs, size }) ?? []));
    const largest = tensors.reduce<InternalTensor | null>((a, t) => (!a || t.elements > a.elements ? t : a), null);
    const bytes = (weights ?? 0) * BYTES_PER_PARAMETER + tensors.reduce((s, t) => s + t.elements * t.count, 0) * BYTES_PER_ELEMENT;
    out.set(id, { parameters: weights, largest: largest && { what: largest.what, elements: largest.elements }, stepBytes: bytes });
    parameters += weights ?? 0;
    stepBytes += bytes;
  }
  return { nodes: out, parameters, stepBytes, assumed, uncounted };
}

/** The node's build, run with a variable maker that only counts: the engine's own weight shapes. */
function countWeights(id: string, def: NodeDefinition, n: AnalyzedNode, concrete: (t: TensorType) => TensorType): number | string {
  if (def.stage !== 'tensor') return 0;
  let total = 0;
  const ctx: BuildContext<unknown> = {
    nodeId: id,
    params: n.params,
    inputs: Object.fromEntries(Object.entries(n.inputs).flatMap(([port, t]) => (t ? [[port, { type: concrete(t) }]] : []))),
    outputs: Object.fromEntries(Object.entries(n.outputs ?? {}).map(([port, t]) => [port, concrete(t)])),
    variable: (_name, shape) => {
      total += shape.reduce((a, b) => a * b, 1);
      return undefined as never;
    },
  };
  try {
    def.build(ctx as BuildContext<never>);
    return total;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** "1.2 GiB", "45.3 MiB", "812 KiB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) ((v /= 1024), u++);
  return u === 0 ? `${v} bytes` : `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}

/** "953,412", or "1.2M" when `short`. */
export function formatCount(n: number, short = false): string {
  if (!short || n < 10_000) return n.toLocaleString('en-US');
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 100_000 ? 1 : 0)}k`;
  if (n < 1_000_000_000) return `${(n / 1_000_000).toFixed(n < 100_000_000 ? 1 : 0)}M`;
  return `${(n / 1_000_000_000).toFixed(1)}B`;
}

/** What wasm (a 32-bit address space) and the cpu backend (JavaScript's typed arrays) can hold at most. */
export const FOUR_GIB = 4 * 1024 ** 3;

/** Backends whose memory has a fixed ceiling, and that ceiling; a GPU's depends on the device. */
export const BACKEND_MEMORY_LIMITS: Readonly<Record<string, number>> = { wasm: FOUR_GIB, cpu: FOUR_GIB };

/**
 * A graph whose training step needs more than `limit`: the problem, on the node that adds the
 * most, with the figures. `on`: which backends the limit is (for the message). Null when it fits.
 */
export function stepMemoryProblem(estimate: SizeEstimate, limit: number, on: string, severity: 'error' | 'warning'): Diagnostic | null {
  if (estimate.stepBytes <= limit) return null;
  let worst: [string, NodeSize] | null = null;
  for (const entry of estimate.nodes) if (!worst || entry[1].stepBytes > worst[1].stepBytes) worst = entry;
  if (!worst) return null;
  const [nodeId, size] = worst;
  const what = size.largest ? `; its largest tensor is ${size.largest.what}, ${formatBytes(size.largest.elements * BYTES_PER_ELEMENT)}` : '';
  const weights = size.parameters ? `${formatCount(size.parameters)} weights (${formatBytes(size.parameters * BYTES_PER_PARAMETER)} with their gradients and Adam's moments)` : '';
  return {
    nodeId,
    severity,
    message:
      `a training step needs about ${formatBytes(estimate.stepBytes)}, more than ${on} can hold (${formatBytes(limit)}); this node adds the most, ${formatBytes(size.stepBytes)}` +
      `${weights ? `: ${weights}` : ''}${what}. Lower the batch size, the sequence length or the model's size`,
  };
}
