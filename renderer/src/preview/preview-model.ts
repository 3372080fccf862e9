import type { GraphDocument } from '../../../engine/core/graph-document.js';
import type { HostTensor } from '../../../engine/core/host-tensor.js';
import type { Family, NodeDefinition } from '../../../engine/registry/define-node.js';
import type { PreviewResult, PreviewValue } from '../run/training-client.js';
import { examplesView, type ExamplesView } from './preview-examples.js';
import { isSpecialToken, visibleToken } from './token-text.js';

export { isSpecialToken, visibleToken } from './token-text.js';

/**
 * The pure part of the node preview: which nodes have one, when it must be recomputed, and how a
 * preview result is laid out for a person (text excerpts, token chips, one row of a batch with
 * inputs, targets and loss weights aligned per position).
 */

export const PREVIEW_FAMILIES: ReadonlySet<Family> = new Set<Family>(['data', 'tokenizer', 'batching', 'masking', 'noise-schedule']);

export function isPreviewable(def: Pick<NodeDefinition, 'family'> | undefined): boolean {
  return !!def && PREVIEW_FAMILIES.has(def.family);
}

/**
 * What a node's preview depends on: the graph seed and the node with everything upstream of it
 * (their types, versions, settings and the edges between them). Moving nodes, editing notes or
 * changing the model downstream leaves it unchanged, so the preview is not recomputed for them.
 */
export function upstreamKey(doc: GraphDocument, nodeId: string): string {
  const into = new Map<string, GraphDocument['edges']>();
  for (const e of doc.edges) into.set(e.to.node, [...(into.get(e.to.node) ?? []), e]);
  const seen = new Set<string>();
  const stack = [nodeId];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of into.get(id) ?? []) stack.push(e.from.node);
  }
  const nodes = doc.nodes.filter((n) => seen.has(n.id)).map((n) => [n.id, n.type, n.version ?? 1, n.params]);
  const edges = doc.edges.filter((e) => seen.has(e.to.node)).map((e) => `${e.from.node}.${e.from.port}>${e.to.node}.${e.to.port}`);
  return JSON.stringify([doc.seed, nodeId, nodes, edges.sort()]);
}

// ---- text and tokens ------------------------------------------------------------------------

export interface Clipped<T> {
  value: T;
  /** how many characters / tokens / positions were left out */
  hidden: number;
}

/** The first `max` characters, cut at a word boundary when one is near. */
export function excerpt(text: string, max = 600): Clipped<string> {
  if (text.length <= max) return { value: text, hidden: 0 };
  let cut = max;
  const space = text.lastIndexOf(' ', max);
  if (space > max * 0.8) cut = space;
  return { value: text.slice(0, cut), hidden: text.length - cut };
}

export interface TokenChip {
  /** what the chip shows */
  label: string;
  /** the token's text as it is, for a tooltip */
  text: string;
  id?: number;
  /** alternates 0/1 from one token to the next, so boundaries show even between look-alike tokens */
  shade: 0 | 1;
  special: boolean;
}

export function tokenChips(tokens: readonly { id: number; text: string }[], max = 200): Clipped<TokenChip[]> {
  const shown = tokens.slice(0, max).map(
    (t, i): TokenChip => ({ label: visibleToken(t.text), text: t.text, id: t.id, shade: (i % 2) as 0 | 1, special: isSpecialToken(t.text) }),
  );
  return { value: shown, hidden: Math.max(0, tokens.length - max) };
}

// ---- one row of a batch ---------------------------------------------------------------------

export interface BatchCell {
  label: string;
  /** the tooltip: token text and id, or the weight */
  title: string;
  shade: 0 | 1;
  special: boolean;
  /** this position counts in the loss (weight > 0), when the node gives weights */
  masked: boolean;
  /** the input differs from the target here (replaced by [MASK] or a random token) */
  changed: boolean;
  /** the loss ignores this position (weight 0) */
  dim: boolean;
}

/** One position: what the model sees, what it must predict there, and how much that counts. */
export interface BatchColumn {
  position: number;
  masked: boolean;
  cells: Record<string, BatchCell>;
}

export interface BatchLine {
  port: string;
  role: string;
  kind: 'ids' | 'weights' | 'values';
}

export interface BatchView {
  /** batch size B and the row shown */
  rows: number;
  row: number;
  /** positions in a row (T) and how many are shown */
  length: number;
  hidden: number;
  /** the aligned outputs, in reading order: inputs, targets, weights, anything else */
  lines: BatchLine[];
  columns: BatchColumn[];
  /** the node gives loss weights */
  weighted: boolean;
  /** positions in the row with weight > 0 (all of them when there are no weights but targets) */
  predicted: number;
  /** one sentence saying what the row asks of the model */
  summary: string;
}

type TensorValue = Extract<PreviewValue, { kind: 'tensor' }>;

const ROLE_ORDER: Record<string, number> = { 'token-ids': 0, targets: 1, 'loss-weights': 2 };

/** The [B, T] outputs of a batch stage, as one row with every position's values side by side. */
export function batchView(outputs: Record<string, PreviewValue>, row = 0, maxPositions = 128): BatchView | null {
  const tensors = Object.entries(outputs).filter((e): e is [string, TensorValue] => e[1].kind === 'tensor' && e[1].tensor.shape.length === 2);
  if (tensors.length === 0) return null;
  const [B, T] = tensors[0]![1].tensor.shape as [number, number];
  const aligned = tensors
    .filter(([, v]) => v.tensor.shape[0] === B && v.tensor.shape[1] === T)
    .sort((a, b) => (ROLE_ORDER[a[1].role] ?? 3) - (ROLE_ORDER[b[1].role] ?? 3));
  const r = Math.max(0, Math.min(B - 1, Math.floor(row)));
  const lines: BatchLine[] = aligned.map(([port, v]) => ({
    port,
    role: v.role,
    kind: v.role === 'loss-weights' ? 'weights' : v.tensor.dtype === 'int32' ? 'ids' : 'values',
  }));
  const find = (role: string) => aligned.find(([, v]) => v.role === role)?.[1];
  const inputs = find('token-ids');
  const targets = find('targets');
  const weights = find('loss-weights');
  const at = (v: TensorValue | undefined, t: number) => (v ? Number(v.tensor.data[r * T + t]) : undefined);

  const shown = Math.min(T, Math.max(0, maxPositions));
  const columns: BatchColumn[] = [];
  for (let t = 0; t < shown; t++) {
    const w = at(weights, t);
    const masked = w !== undefined && w > 0;
    const dim = w !== undefined && w === 0;
    const inputId = at(inputs, t);
    const targetId = at(targets, t);
    const changed = !!weights && inputId !== undefined && targetId !== undefined && inputId !== targetId;
    const shade = (t % 2) as 0 | 1;
    const cells: Record<string, BatchCell> = {};
    for (const [port, v] of aligned) {
      const value = at(v, t)!;
      if (v.role === 'loss-weights') {
        cells[port] = { label: formatNumber(value), title: `weight ${value}`, shade, special: false, masked, changed: false, dim: value === 0 };
      } else if (v.tensor.dtype === 'int32') {
        const text = v.tokens?.[r]?.[t];
        const label = text === undefined ? String(value) : visibleToken(text);
        cells[port] = {
          label,
          title: text === undefined ? `id ${value}` : `${JSON.stringify(text)} (id ${value})`,
          shade,
          special: text !== undefined && isSpecialToken(text),
          masked,
          changed: v.role === 'token-ids' && changed,
          dim: v.role === 'targets' && dim,
        };
      } else {
        cells[port] = { label: formatNumber(value), title: String(value), shade, special: false, masked, changed: false, dim: false };
      }
    }
    columns.push({ position: t, masked, cells });
  }

  let predicted = 0;
  if (weights) for (let t = 0; t < T; t++) predicted += at(weights, t)! > 0 ? 1 : 0;
  else if (targets) predicted = T;
  return {
    rows: B,
    row: r,
    length: T,
    hidden: T - shown,
    lines,
    columns,
    weighted: !!weights,
    predicted,
    summary: summarize(T, predicted, !!inputs, !!targets, !!weights),
  };
}

function summarize(T: number, predicted: number, inputs: boolean, targets: boolean, weights: boolean): string {
  if (inputs && targets && weights) {
    // which inputs the model may look at is the model's business (bidirectional, causal, prefix): not said here
    return `The model sees the ${T} inputs and is scored on the ${predicted} highlighted position${predicted === 1 ? '' : 's'} only (weight > 0): the target under each is what it must predict there.`;
  }
  if (inputs && targets) return `Every one of the ${T} positions is scored: each must predict the target under it, having seen the inputs up to it.`;
  if (inputs) return `A block of ${T} consecutive tokens.`;
  return `${T} positions.`;
}

export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const abs = Math.abs(v);
  return abs >= 1e-3 && abs < 1e4 ? String(Number(v.toPrecision(3))) : v.toExponential(1);
}

// ---- everything else --------------------------------------------------------------------------

/** A tensor the batch view does not align (another shape, another rank): its shape and first values. */
export interface TensorSummary {
  port: string;
  role: string;
  dtype: string;
  shape: number[];
  values: string[];
  hidden: number;
}

export function tensorSummary(port: string, role: string, tensor: HostTensor, max = 24): TensorSummary {
  const n = tensor.data.length;
  const values = Array.from({ length: Math.min(n, max) }, (_, i) => formatNumber(Number(tensor.data[i])));
  return { port, role, dtype: tensor.dtype, shape: [...tensor.shape], values, hidden: Math.max(0, n - max) };
}

export type PreviewSection =
  | { kind: 'text'; port: string; text: Clipped<string> }
  | { kind: 'corpus'; port: string; corpus: Extract<PreviewValue, { kind: 'corpus' }>; passage: Clipped<string>; heldOut: Clipped<string> }
  | { kind: 'tokens'; port: string; total: number; vocabularySize?: number; charsPerToken: number; chips: Clipped<TokenChip[]> }
  | { kind: 'images'; port: string; images: Extract<PreviewValue, { kind: 'images' }> }
  | { kind: 'examples'; view: ExamplesView }
  | { kind: 'batch'; ports: string[]; view: BatchView }
  | { kind: 'tensor'; summary: TensorSummary };

export interface PreviewLimits {
  chars?: number;
  tokens?: number;
  positions?: number;
}

/** A preview result as the sections the component draws, in output order (the batch once, where its first port is). */
export function previewSections(result: PreviewResult, row = 0, limits: PreviewLimits = {}): PreviewSection[] {
  const sections: PreviewSection[] = [];
  // a batch of images is shown example by example; a batch of text position by position
  const examples = examplesView(result.outputs);
  const batch = examples ? null : batchView(result.outputs, row, limits.positions);
  let batchPlaced = false;
  for (const [port, value] of Object.entries(result.outputs)) {
    if (value.kind === 'text') sections.push({ kind: 'text', port, text: excerpt(value.text, limits.chars) });
    else if (value.kind === 'corpus') sections.push({ kind: 'corpus', port, corpus: value, passage: excerpt(value.passage, limits.chars), heldOut: excerpt(value.heldOut, 240) });
    else if (value.kind === 'tokens') {
      const shown = value.tokens.reduce((n, t) => n + (isSpecialToken(t.text) ? 0 : t.text.length), 0);
      sections.push({
        kind: 'tokens',
        port,
        total: value.total ?? value.tokens.length,
        ...(value.vocabularySize !== undefined ? { vocabularySize: value.vocabularySize } : {}),
        charsPerToken: value.tokens.length ? shown / value.tokens.length : 0,
        chips: tokenChips(value.tokens, limits.tokens),
      });
    } else if (value.kind === 'images') sections.push({ kind: 'images', port, images: value });
    else if (examples && examples.ports.includes(port)) {
      if (!batchPlaced) sections.push({ kind: 'examples', view: examples });
      batchPlaced = true;
    } else if (batch && batch.lines.some((l) => l.port === port)) {
      if (!batchPlaced) sections.push({ kind: 'batch', ports: batch.lines.map((l) => l.port), view: batch });
      batchPlaced = true;
    } else sections.push({ kind: 'tensor', summary: tensorSummary(port, value.role, value.tensor) });
  }
  return sections;
}

/** What a failed preview says: the message, and which node when it is not this one. */
export function previewErrorMessage(error: unknown, nodeId: string): string {
  const e = error as { message?: unknown; nodeId?: unknown } | null;
  const message = e && typeof e.message === 'string' ? e.message : String(error);
  const where = e && typeof e.nodeId === 'string' && e.nodeId !== nodeId ? `node ${e.nodeId}: ` : '';
  return where + message;
}
