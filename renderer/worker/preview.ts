import type { GraphDocument } from '../../engine/core/graph-document.js';
import type { HostTensor } from '../../engine/core/host-tensor.js';
import type { Vocabulary } from '../../engine/core/vocabulary.js';
import { FIRST_TRAINING_BATCH, nodeValues } from '../../engine/compile/node-values.js';
import type { SourceStage } from '../../engine/compile/data-stages.js';
import type { DataSource } from '../../engine/data/data-source.js';
import type { TextSplits, TokenStream } from '../../engine/data/values.js';
import type { ImageSet } from '../../graph-nodes/data/mnist.run.js';
import type { NodeRegistry } from '../../engine/registry/registry.js';
import type { PreviewResult, PreviewValue } from '../src/run/training-client.js';

/**
 * "What does this node produce?" for data, tokenizer, batching and masking nodes: the engine's
 * nodeValues (the stages a run runs, as the CLI's preview uses them) on the first training
 * batch, in a form a person can read.
 */

export const PREVIEW_BATCH_INDEX = FIRST_TRAINING_BATCH;
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

/** Throws GraphError / NodeRunError pinned to the node at fault, as compileGraph does. */
export async function previewNode(doc: GraphDocument, nodeId: string, opts: PreviewOptions): Promise<PreviewResult> {
  const { cache, ...rest } = opts;
  const values = await nodeValues(doc, nodeId, { ...rest, index: PREVIEW_BATCH_INDEX, ...(cache ? { sources: (key, run) => cache.get(key, run) } : {}) });
  const outputs: Record<string, PreviewValue> = {};
  for (const v of values.outputs) {
    outputs[v.port] = values.stage === 'source' ? sourceValue(v.value, v.type.role) : tensorValue(v.value as HostTensor, v.type.role, v.vocabulary);
  }
  return { nodeId, outputs };
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
