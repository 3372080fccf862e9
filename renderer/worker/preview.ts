import { portKey, type GraphDocument } from '../../engine/core/graph-document.js';
import { GraphError, NodeRunError, type Diagnostic } from '../../engine/core/diagnostics.js';
import type { HostTensor } from '../../engine/core/host-tensor.js';
import type { Vocabulary } from '../../engine/core/vocabulary.js';
import { analyzeGraph, type Analysis } from '../../engine/analysis/validate.js';
import { staticPorts } from '../../engine/compile/static-ports.js';
import { batchStage, runSourceStage, type SourceStage } from '../../engine/compile/data-stages.js';
import type { DataSource } from '../../engine/data/data-source.js';
import type { TextSplits, TokenStream } from '../../engine/data/values.js';
import type { ImageSet } from '../../graph-nodes/data/mnist.run.js';
import type { NodeRegistry } from '../../engine/registry/registry.js';
import type { PreviewResult, PreviewValue } from '../src/run/training-client.js';

/**
 * "What does this node produce?" for data, tokenizer, batching and masking nodes: run only the
 * source and batch stages the node depends on, on the first training batch (the very batch step
 * 1 of a run trains on), and return its outputs in a form a person can read.
 * The stages are the engine's own (engine/compile/data-stages.ts), the ones compileGraph runs.
 */

/** The batch a run's first step draws (the trainer asks for nextBatch('train', 1)). */
export const PREVIEW_BATCH_INDEX = 1;
/** Enough to see what a node does without shipping a corpus to the UI. */
export const PREVIEW_TEXT_CHARS = 2000;
export const PREVIEW_STREAM_TOKENS = 300;
export const PREVIEW_HELD_OUT_CHARS = 400;
export const PREVIEW_IMAGES = 16;
/** where in the training text the corpus preview's passage is taken (a share of its length) */
const PASSAGE_AT = 0.3;

export interface PreviewOptions {
  registry: NodeRegistry;
  data: DataSource;
  /** keeps the source stage between previews of the same data (a BPE tokenizer takes seconds to train) */
  cache?: SourceStageCache;
  onProgress?(nodeId: string, message: string): void;
}

/**
 * The last few source stages, keyed by everything that decides them: the seed and the source
 * nodes (type, version, params) with the edges between them. Clear it when user files change.
 */
export class SourceStageCache {
  private readonly entries = new Map<string, Promise<SourceStage>>();
  constructor(private readonly size = 2) {}

  get(key: string, make: () => Promise<SourceStage>): Promise<SourceStage> {
    let hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key); // most recent last
    } else {
      hit = make();
      hit.catch(() => this.entries.get(key) === hit && this.entries.delete(key));
    }
    this.entries.set(key, hit);
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    return hit;
  }

  clear(): void {
    this.entries.clear();
  }
}

const STAGE_WORDS: Record<string, string> = { tensor: 'a model node', train: 'the training settings', eval: 'an output node' };

/** Throws GraphError / NodeRunError pinned to the node at fault, as compileGraph does. */
export async function previewNode(doc: GraphDocument, nodeId: string, opts: PreviewOptions): Promise<PreviewResult> {
  const first = analyzeGraph(doc, opts.registry);
  const target = first.nodes.get(nodeId);
  if (!target) throw new GraphError([{ nodeId: null, severity: 'error', message: `there is no node "${nodeId}" in this graph to preview` }]);
  const stage = target.def?.stage;
  if (stage && stage !== 'source' && stage !== 'batch') {
    throw new NodeRunError(nodeId, `${target.def!.title} is ${STAGE_WORDS[stage] ?? 'not a data node'}: preview shows what data, tokenizer, batching and masking nodes produce`);
  }
  const needed = first.index.upstreamOf([nodeId]);
  failOnErrors(first, needed);
  const stageOf = (id: string) => first.nodes.get(id)!.def!.stage;

  const sourceIds = first.order.filter((n) => needed.has(n) && stageOf(n) === 'source');
  const runSources = (): Promise<SourceStage> =>
    runSourceStage(first, new Set(sourceIds), {
      seed: doc.seed,
      data: opts.data,
      mode: 'train',
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
  const { values: sourceValues, globals } = opts.cache ? await opts.cache.get(sourceKey(doc, sourceIds, first), runSources) : await runSources();

  const outputsOf = (analysis: Analysis) => Object.entries(analysis.nodes.get(nodeId)!.outputs ?? {});
  const outputs: Record<string, PreviewValue> = {};
  if (stage === 'source') {
    for (const [port, type] of outputsOf(first)) outputs[port] = sourceValue(sourceValues.get(portKey({ node: nodeId, port })), type.role);
    return { nodeId, outputs };
  }

  const analysis = analyzeGraph(doc, opts.registry, { globals });
  failOnErrors(analysis, needed);
  const ports = staticPorts(analysis, sourceValues);
  const batchIds = analysis.order.filter((n) => needed.has(n) && stageOf(n) === 'batch');
  const values = batchStage(analysis, batchIds, sourceValues, ports, doc.seed)('train', PREVIEW_BATCH_INDEX);
  for (const [port] of outputsOf(analysis)) {
    const key = portKey({ node: nodeId, port });
    const tensor = values.get(key) as HostTensor | undefined;
    if (!tensor) continue;
    const p = ports.get(key);
    outputs[port] = tensorValue(tensor, p?.type.role ?? 'unknown', p?.vocabulary);
  }
  return { nodeId, outputs };
}

/** Everything a source stage depends on: the seed, the source nodes as written, and the edges between them. */
function sourceKey(doc: GraphDocument, sourceIds: string[], analysis: Analysis): string {
  const ids = new Set(sourceIds);
  const nodes = doc.nodes.filter((n) => ids.has(n.id)).map((n) => [n.id, n.type, n.version ?? 1, analysis.nodes.get(n.id)!.params]);
  const edges = doc.edges.filter((e) => ids.has(e.to.node)).map((e) => [portKey(e.from), portKey(e.to)]);
  return JSON.stringify([doc.seed, nodes, edges]);
}

/** Errors on the nodes the preview needs; problems elsewhere in the graph do not stop it. */
function failOnErrors(analysis: Analysis, needed: Set<string>): void {
  const errors: Diagnostic[] = analysis.diagnostics.filter((d) => d.severity === 'error' && d.nodeId !== null && needed.has(d.nodeId));
  if (errors.length) throw new GraphError(errors);
}

function sourceValue(value: unknown, role: string): PreviewValue {
  if (role === 'text') return corpusValue(value as TextSplits);
  if (role === 'token-stream') {
    const stream = value as TokenStream;
    const ids = stream.train.subarray(0, PREVIEW_STREAM_TOKENS);
    return { kind: 'tokens', tokens: Array.from(ids, (id) => ({ id, text: tokenText(stream.vocabulary, id) })), total: stream.train.length, vocabularySize: stream.vocabulary.size };
  }
  if (role === 'image') {
    // spread over the whole training split (it is ordered by class), so every class shows
    const set = value as ImageSet;
    const per = set.width * set.height;
    const count = Math.min(PREVIEW_IMAGES, set.train.count);
    const picks = Array.from({ length: count }, (_, k) => Math.floor((k * set.train.count) / count));
    const pixels = new Float32Array(count * per);
    picks.forEach((i, k) => pixels.set(set.train.pixels.subarray(i * per, (i + 1) * per), k * per));
    const labels = picks.map((i) => set.classNames[set.train.labels[i]!] ?? String(set.train.labels[i]));
    return { kind: 'images', width: set.width, height: set.height, count, pixels, labels, train: set.train.count, val: set.val.count };
  }
  return { kind: 'text', text: `(a ${role} value, which has no preview yet)` };
}

/**
 * A corpus as a person sizes it up: how big, how it splits, a passage from inside the training
 * text (its first characters are often front matter: a title page, a table of contents), and
 * how the held-out text begins.
 */
export function corpusValue(text: TextSplits): PreviewValue {
  const shared = text.train === text.val;
  let at = Math.floor(text.train.length * PASSAGE_AT);
  // start at a paragraph, else a line, when one is near
  const para = text.train.indexOf('\n\n', at);
  const line = text.train.indexOf('\n', at);
  if (para >= 0 && para - at < PREVIEW_TEXT_CHARS) at = para + 2;
  else if (line >= 0 && line - at < PREVIEW_TEXT_CHARS) at = line + 1;
  else at = 0;
  return {
    kind: 'corpus',
    documents: text.documents.length,
    trainChars: text.train.length,
    valChars: shared ? 0 : text.val.length,
    shared,
    passage: text.train.slice(at, at + PREVIEW_TEXT_CHARS),
    passageAt: at,
    heldOut: shared ? '' : text.val.trimStart().slice(0, PREVIEW_HELD_OUT_CHARS),
  };
}

const ID_ROLES = new Set(['token-ids', 'targets']);

function tensorValue(tensor: HostTensor, role: string, vocabulary: Vocabulary | undefined): PreviewValue {
  const value: PreviewValue = { kind: 'tensor', role, tensor };
  if (!vocabulary || tensor.dtype !== 'int32' || !ID_ROLES.has(role) || tensor.shape.length === 0) return value;
  const width = tensor.shape[tensor.shape.length - 1]!;
  const rows: string[][] = [];
  for (let start = 0; start < tensor.data.length; start += width) {
    rows.push(Array.from(tensor.data.subarray(start, start + width), (id) => tokenText(vocabulary, id)));
  }
  return { ...value, tokens: rows };
}

function tokenText(vocabulary: Vocabulary, id: number): string {
  try {
    return vocabulary.idToToken(id);
  } catch {
    return `<${id}?>`;
  }
}
