import * as tf from '@tensorflow/tfjs';
import { portKey, type PortRef } from '../engine/core/graph-document.js';
import type { Vocabulary } from '../engine/core/vocabulary.js';
import type { TrainingProgram } from '../engine/compile/program-types.js';
import type { ForwardModel, ModelInput } from '../engine/runtime/forward-model.js';
import type { TextSplits, TokenStream } from '../engine/data/values.js';
import { SPAN_CORRUPTION_PORTS } from '../graph-nodes/masking/span-corruption.run.js';

/**
 * What a yardstick needs to know about a finished run's language model, found from the graph
 * and from how the model behaves, never from node type names: where its logits come from, what
 * it reads, and how it reads it.
 * - `causal`: one token input, and a position's logits do not change when a later token does
 *   (causal and prefix LMs: a prefix LM run without prefix lengths is causal);
 * - `bidirectional`: one token input, and they do (masked LMs);
 * - `encoder-decoder`: an encoder input and a decoder input (span corruption, UL2).
 */
export type TextModelKind = 'causal' | 'bidirectional' | 'encoder-decoder';

export interface TextModel {
  kind: TextModelKind;
  vocabulary: Vocabulary;
  logits: ForwardModel;
  /** encoder-decoder: the inputs feeding the encoder and the decoder */
  encoder?: ModelInput;
  decoder?: ModelInput;
  /** the corpus the vocabulary was made from: its held-out part is what yardsticks read */
  text: TextSplits;
  /** where the model's hidden states over one token input come out (an encoder's or a decoder-only stack's) */
  representation?: PortRef;
}

/** Why a run has no text model a yardstick can use, or the model. */
export type FoundTextModel = { ok: true; model: TextModel } | { ok: false; reason: string };

function outputsOfRole(program: TrainingProgram, role: string): PortRef[] {
  const refs: PortRef[] = [];
  for (const id of program.analysis.order) {
    const node = program.analysis.nodes.get(id)!;
    if (node.def?.stage !== 'tensor') continue;
    for (const [port, type] of Object.entries(node.outputs ?? {})) if (type.role === role) refs.push({ node: id, port });
  }
  return refs;
}

/** The text splits behind the token stream whose vocabulary the model reads. */
function corpusOf(program: TrainingProgram, vocabulary: Vocabulary): TextSplits | undefined {
  for (const [key, value] of program.sourceValues) {
    if ((value as TokenStream | undefined)?.vocabulary !== vocabulary) continue;
    const nodeId = key.slice(0, key.lastIndexOf('.'));
    for (const e of program.analysis.index.incoming.get(nodeId) ?? []) {
      const text = program.sourceValues.get(portKey(e.from)) as TextSplits | undefined;
      if (text && typeof text.val === 'string') return text;
    }
  }
  return undefined;
}

/** Ordinary (non-special) ids, for probing how the model reads. */
function ordinaryIds(vocabulary: Vocabulary, n: number): number[] {
  const special = new Set<number>([...vocabulary.special.sentinels]);
  for (const [name, id] of Object.entries(vocabulary.special)) if (name !== 'sentinels' && typeof id === 'number') special.add(id);
  const ok = Array.from({ length: vocabulary.size }, (_, i) => i).filter((i) => !special.has(i));
  return Array.from({ length: n }, (_, i) => ok[(i * 7 + 3) % ok.length]!);
}

/** Does the first position's output change when the last token does? */
function readsAhead(logits: ForwardModel, vocabulary: Vocabulary): boolean {
  const t = Math.min(logits.contextLength, 16);
  const ids = ordinaryIds(vocabulary, t + 1);
  const changed = [...ids.slice(0, t - 1), ids[t]!];
  return tf.tidy(() => {
    const a = logits.run(tf.tensor2d(ids.slice(0, t), [1, t], 'int32')).slice([0, 0, 0], [1, 1, -1]);
    const b = logits.run(tf.tensor2d(changed, [1, t], 'int32')).slice([0, 0, 0], [1, 1, -1]);
    return tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]! > 1e-6;
  });
}

/** The hidden states of the stack feeding `into` (an LM head), following an encoder-decoder's memory back to its encoder. */
function representationBefore(program: TrainingProgram, into: string): PortRef | undefined {
  const incoming = (id: string) => program.analysis.index.incoming.get(id) ?? [];
  let edge = incoming(into).find((e) => program.analysis.nodes.get(e.from.node)?.outputs?.[e.from.port]?.role === 'hidden');
  for (let hops = 0; edge && hops < 8; hops++) {
    const tokenInputs = program.forwardTo(edge.from).inputs?.filter((i) => i.role === 'token-ids') ?? [];
    if (tokenInputs.length === 1) return edge.from;
    edge = incoming(edge.from.node).find((e) => e.to.port === 'memory');
  }
  return undefined;
}

/** The run's language model: the first logits a model node makes from token ids alone. */
export function findTextModel(program: TrainingProgram): FoundTextModel {
  for (const ref of outputsOfRole(program, 'logits')) {
    let logits: ForwardModel;
    try {
      logits = program.forwardTo(ref);
    } catch {
      continue; // logits that need more than fed inputs
    }
    const inputs = logits.inputs ?? [];
    if (!logits.vocabulary || inputs.some((i) => i.role !== 'token-ids')) continue;
    const vocabulary = logits.vocabulary;
    const text = corpusOf(program, vocabulary);
    if (!text) return { ok: false, reason: 'its vocabulary does not come from a text corpus in the graph' };
    const representation = representationBefore(program, ref.node);
    const base = { vocabulary, logits, text, ...(representation ? { representation } : {}) };
    if (inputs.length === 1) return { ok: true, model: { ...base, kind: readsAhead(logits, vocabulary) ? 'bidirectional' : 'causal' } };
    const find = (port: string) => inputs.find((i) => i.key.endsWith(`.${port}`));
    const encoder = find(SPAN_CORRUPTION_PORTS.inputs);
    const decoder = find(SPAN_CORRUPTION_PORTS.decoderInputs);
    if (inputs.length === 2 && encoder && decoder) return { ok: true, model: { ...base, kind: 'encoder-decoder', encoder, decoder } };
    return { ok: false, reason: `its logits read ${inputs.map((i) => i.key).join(', ')}: not a language model a yardstick knows how to feed` };
  }
  return { ok: false, reason: 'it has no language model (no logits over a vocabulary)' };
}
