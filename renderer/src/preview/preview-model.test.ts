import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { makeRng } from '../../../engine/core/rng.js';
import { hostFloat, hostInt, type HostTensor } from '../../../engine/core/host-tensor.js';
import type { GraphDocument } from '../../../engine/core/graph-document.js';
import type { BatchNode, NodeDefinition } from '../../../engine/registry/define-node.js';
import { CharVocabulary } from '../../../engine/data/tokenizers/char-vocabulary.js';
import { setParams, moveItems, setNoteText } from '../document/edits.js';
import { NODE_DEFINITIONS } from '../../../graph-nodes/index.js';
import { blocksNode } from '../../../graph-nodes/batching/blocks.js';
import { bertMaskingNode } from '../../../graph-nodes/masking/bert-masking.js';
import { causalShiftNode } from '../../../graph-nodes/masking/causal-shift.js';
import type { PreviewResult, PreviewValue } from '../run/training-client.js';
import {
  batchView,
  excerpt,
  isPreviewable,
  isSpecialToken,
  previewErrorMessage,
  previewSections,
  tokenChips,
  upstreamKey,
  visibleToken,
} from './preview-model.js';

const MOBY = 'Call me Ishmael. Some years ago—never mind how long precisely—having little or no money in my purse, and nothing particular to interest me on shore, I thought I would sail about a little and see the watery part of the world.';
const sample = (name: string): GraphDocument => JSON.parse(readFileSync(new URL(`../../../samples/${name}.graph.json`, import.meta.url), 'utf8'));

/** A real batch: the engine's character vocabulary, blocks and masking nodes on Moby-Dick. */
function realBatch(node: NodeDefinition, params: Record<string, unknown>, T = 24, B = 4) {
  const masking = node as BatchNode<any>;
  const vocab = CharVocabulary.train(MOBY, { specialTokens: ['pad', 'mask'], sentinels: 0 });
  const stream = { train: Int32Array.from(vocab.encode(MOBY)), val: new Int32Array(0), vocabulary: vocab };
  const ports = { ids: { type: { dtype: 'int32' as const, shape: [B, T], role: 'token-ids' as const }, vocabulary: vocab } };
  const { ids } = (blocksNode as BatchNode<any>).batch({ nodeId: 'blocks', params: { blockSize: T, batchSize: B }, inputs: { tokens: stream }, ports: {}, split: 'train', rng: makeRng(1, 'b') });
  const out = masking.batch({ nodeId: 'm', params: masking.params.parse(params), inputs: { ids }, ports, split: 'train', rng: makeRng(7, 'm') });
  const tokensOf = (t: HostTensor) => Array.from({ length: t.shape[0]! }, (_, b) => Array.from(t.data.subarray(b * t.shape[1]!, (b + 1) * t.shape[1]!), (id) => vocab.idToToken(id)));
  const roles: Record<string, string> = { inputs: 'token-ids', targets: 'targets', weights: 'loss-weights' };
  const outputs: Record<string, PreviewValue> = {};
  for (const [port, t] of Object.entries(out)) outputs[port] = { kind: 'tensor', role: roles[port]!, tensor: t, ...(t.dtype === 'int32' ? { tokens: tokensOf(t) } : {}) };
  return { vocab, ids, out, outputs };
}

describe('which nodes preview', () => {
  it('data, tokenizer, batching, masking and noise-schedule nodes do; model, loss, training and eval do not', () => {
    const yes = new Set(NODE_DEFINITIONS.filter(isPreviewable).map((d) => d.type));
    for (const type of ['data/text-corpus', 'tokenizer/char', 'tokenizer/bpe', 'batching/blocks', 'masking/causal-shift', 'masking/bert', 'masking/span-corruption', 'masking/prefix-lm']) {
      expect(yes.has(type), type).toBe(true);
    }
    for (const type of ['model/token-embedding', 'model/transformer-encoder', 'loss/cross-entropy', 'training/optimizer', 'eval/sample-text', 'checkpoint/load-weights']) {
      expect(yes.has(type), type).toBe(false);
    }
    expect(isPreviewable(undefined)).toBe(false);
    expect(isPreviewable({ family: 'noise-schedule' })).toBe(true);
  });
});

describe('upstreamKey', () => {
  const doc = sample('masked-lm');
  it('changes when the node or anything upstream changes', () => {
    const key = upstreamKey(doc, 'masking');
    expect(upstreamKey(setParams(doc, 'masking', { rate: 0.3 }), 'masking')).not.toBe(key);
    expect(upstreamKey(setParams(doc, 'corpus', { maxChars: 5000 }), 'masking')).not.toBe(key);
    expect(upstreamKey({ ...doc, seed: 2 }, 'masking')).not.toBe(key);
    expect(upstreamKey({ ...doc, edges: doc.edges.filter((e) => e.to.node !== 'blocks') }, 'masking')).not.toBe(key);
  });
  it('does not change for layout, notes or nodes downstream', () => {
    const key = upstreamKey(doc, 'masking');
    expect(upstreamKey(moveItems(doc, { masking: { x: 5, y: 5 } }), 'masking')).toBe(key);
    expect(upstreamKey(setNoteText(doc, doc.notes[0]?.id ?? 'x', 'hi'), 'masking')).toBe(key);
    expect(upstreamKey(setParams(doc, 'optimizer', { learningRate: 0.1 }), 'masking')).toBe(key);
    expect(upstreamKey(setParams(doc, 'encoder', { layers: 4 }), 'masking')).toBe(key);
  });
});

describe('text and tokens', () => {
  it('cuts long text at a word boundary and says how much is left', () => {
    const e = excerpt(MOBY, 50);
    expect(e.value).toBe('Call me Ishmael. Some years ago—never mind how');
    expect(e.hidden).toBe(MOBY.length - e.value.length);
    expect(excerpt('short', 50)).toEqual({ value: 'short', hidden: 0 });
  });

  it('makes whitespace visible and recognises special tokens', () => {
    expect(visibleToken(' the')).toBe('·the');
    expect(visibleToken('\n')).toBe('↵');
    expect(visibleToken('\u0001')).toBe('␁');
    expect(visibleToken('')).toBe('∅');
    for (const s of ['[MASK]', '[PAD]', '<extra_id_12>']) expect(isSpecialToken(s)).toBe(true);
    for (const s of ['[', 'MASK', '[mask]', '<extra_id_>']) expect(isSpecialToken(s)).toBe(false);
  });

  it('alternates shading so neighbouring tokens are told apart, and truncates', () => {
    const toks = [' the', ' the', '[MASK]', 'x'].map((text, id) => ({ id, text }));
    const { value, hidden } = tokenChips(toks, 3);
    expect(value.map((c) => c.shade)).toEqual([0, 1, 0]);
    expect(value.map((c) => c.label)).toEqual(['·the', '·the', '[MASK]']);
    expect(value.map((c) => c.special)).toEqual([false, false, true]);
    expect(hidden).toBe(1);
  });
});

describe('batchView on real BERT masking', () => {
  it('aligns inputs, targets and weights per position; highlights exactly the weighted ones', () => {
    const { out, outputs } = realBatch(bertMaskingNode, { rate: 0.3 });
    const view = batchView(outputs, 1)!;
    expect(view.rows).toBe(4);
    expect(view.row).toBe(1);
    expect(view.length).toBe(24);
    expect(view.lines.map((l) => [l.port, l.kind])).toEqual([
      ['inputs', 'ids'],
      ['targets', 'ids'],
      ['weights', 'weights'],
    ]);
    const T = 24;
    const w = Array.from(out.weights!.data.subarray(T, 2 * T));
    const x = Array.from(out.inputs!.data.subarray(T, 2 * T));
    const y = Array.from(out.targets!.data.subarray(T, 2 * T));
    expect(view.columns.map((c) => c.masked)).toEqual(w.map((v) => v > 0));
    expect(view.predicted).toBe(w.filter((v) => v > 0).length);
    expect(view.predicted).toBeGreaterThan(0);
    for (const c of view.columns) {
      const t = c.position;
      expect(c.cells.weights!.label).toBe(String(w[t]));
      expect(c.cells.weights!.dim).toBe(w[t] === 0);
      expect(c.cells.targets!.dim).toBe(w[t] === 0);
      expect(c.cells.inputs!.changed).toBe(x[t] !== y[t]);
      // every changed position is a weighted one: masking only corrupts what it scores
      if (c.cells.inputs!.changed) expect(c.masked).toBe(true);
      if (c.cells.inputs!.label === '[MASK]') expect(c.cells.inputs!.special).toBe(true);
    }
    expect(view.columns.some((c) => c.cells.inputs!.label === '[MASK]')).toBe(true);
    expect(view.summary).toContain(`scored on the ${view.predicted} highlighted`);
  });

  it('shows causal shift inputs over the next token, every position scored', () => {
    const { outputs } = realBatch(causalShiftNode, {}, 16, 2);
    const view = batchView(outputs, 0)!;
    expect(view.length).toBe(15);
    expect(view.weighted).toBe(false);
    expect(view.predicted).toBe(15);
    expect(view.columns.every((c) => !c.masked && !c.cells.targets!.dim)).toBe(true);
    // the target at t is the input at t+1
    for (let t = 0; t < 14; t++) expect(view.columns[t]!.cells.targets!.label).toBe(view.columns[t + 1]!.cells.inputs!.label);
  });

  it('truncates long rows, clamps the row, and shows ids when no token text came', () => {
    const ids = hostInt([2, 300], Int32Array.from({ length: 600 }, (_, i) => i % 50));
    const view = batchView({ ids: { kind: 'tensor', role: 'token-ids', tensor: ids } }, 9, 64)!;
    expect(view.row).toBe(1);
    expect(view.columns.length).toBe(64);
    expect(view.hidden).toBe(236);
    expect(view.columns[3]!.cells.ids!.label).toBe(String((300 + 3) % 50));
    expect(view.summary).toBe('A block of 300 consecutive tokens.');
  });
});

describe('previewSections', () => {
  it('lays out text, tokens, one batch, and other tensors as summaries', () => {
    const { outputs } = realBatch(bertMaskingNode, {});
    const result: PreviewResult = {
      nodeId: 'n',
      outputs: {
        text: { kind: 'text', text: MOBY },
        tokens: { kind: 'tokens', tokens: [...'Call'].map((text, id) => ({ id, text })) },
        ...outputs,
        t: { kind: 'tensor', role: 'timestep', tensor: hostFloat([3], Float32Array.from([1, 2.5, 1e-6])) },
      },
    };
    const sections = previewSections(result, 0, { chars: 40 });
    expect(sections.map((s) => s.kind)).toEqual(['text', 'tokens', 'batch', 'tensor']);
    expect(sections[2]).toMatchObject({ kind: 'batch', ports: ['inputs', 'targets', 'weights'] });
    expect(sections[3]).toMatchObject({ kind: 'tensor', summary: { shape: [3], values: ['1', '2.5', '1.0e-6'], hidden: 0 } });
  });

  it('phrases errors with the node that failed when it is another', () => {
    expect(previewErrorMessage(Object.assign(new Error('no text'), { nodeId: 'corpus' }), 'blocks')).toBe('node corpus: no text');
    expect(previewErrorMessage(new Error('too short'), 'blocks')).toBe('too short');
    expect(previewErrorMessage('boom', 'blocks')).toBe('boom');
  });
});
