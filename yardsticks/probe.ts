import * as tf from '@tensorflow/tfjs';
import type { PortRef } from '../engine/core/graph-document.js';
import type { TrainingProgram } from '../engine/compile/program-types.js';
import type { DataSource, TextDocument } from '../engine/data/data-source.js';
import type { Vocabulary } from '../engine/core/vocabulary.js';
import { makeRng } from '../engine/core/rng.js';
import { fitLogistic } from './logistic-regression.js';
import { notApplicable, type Measure } from './measure.js';
import type { TextModel } from './text-model.js';

/**
 * Linear probe: how much of a label the corpus carries can be read off the model's frozen hidden
 * states. Brown passages, labelled with their genre (15 genres); each passage becomes one vector
 * — the hidden states of `windows` windows of `width` tokens, mean-pooled over positions and
 * windows — and a logistic regression fitted on 4 of every 5 passages predicts the fifth's genre.
 * Beside the trained model's accuracy: always the most frequent genre (majority), and the same
 * architecture at its random initialisation (random features are a strong baseline).
 */

export interface ProbeOptions {
  windows?: number;
  width?: number;
}

export const PROBE_DEFAULTS = { windows: 8, width: 20 } as const;

export interface ProbeData {
  documents: TextDocument[];
  labels: number[];
  classes: string[];
}

/** Brown's documents and genres, in file order. */
export async function brownGenres(data: DataSource): Promise<ProbeData> {
  const documents = await data.builtinCorpus('brown');
  const classes = [...new Set(documents.map((d) => String(d.meta?.genre ?? 'unknown')))].sort();
  return { documents, labels: documents.map((d) => classes.indexOf(String(d.meta?.genre ?? 'unknown'))), classes };
}

/** The windows of token ids each document is read in, at places drawn from a fixed seed. */
function documentWindows(vocabulary: Vocabulary, doc: TextDocument, count: number, width: number, lead: number[]): number[][] {
  const ids = vocabulary.encode(doc.text);
  const body = width - lead.length;
  if (ids.length < body) return [];
  const rng = makeRng('probe', doc.name);
  return Array.from({ length: count }, () => {
    const start = rng.int(ids.length - body + 1);
    return [...lead, ...ids.slice(start, start + body)];
  });
}

const BATCH = 256;
/** One vector per document: hidden states at `ref`, mean-pooled over positions and windows. */
export async function documentVectors(program: TrainingProgram, ref: PortRef, windows: number[][][]): Promise<Float32Array[]> {
  const model = program.forwardTo(ref);
  const flat = windows.flat();
  const width = flat[0]!.length;
  const pooled: Float32Array[] = [];
  for (let start = 0; start < flat.length; start += BATCH) {
    const rows = flat.slice(start, start + BATCH);
    const out = tf.tidy(() => tf.mean(model.run(tf.tensor2d(rows, [rows.length, width], 'int32')), 1));
    const data = (await out.data()) as Float32Array;
    const d = out.shape[1]!;
    out.dispose();
    for (let r = 0; r < rows.length; r++) pooled.push(data.slice(r * d, (r + 1) * d));
  }
  let at = 0;
  return windows.map((ws) => {
    const sum = new Float32Array(pooled[0]!.length);
    for (let k = 0; k < ws.length; k++) pooled[at++]!.forEach((v, j) => (sum[j]! += v / ws.length));
    return sum;
  });
}

/** Accuracy of a probe fitted on the training documents, on the others. */
export function probeAccuracy(vectors: Float32Array[], labels: number[], classes: number, isTest: (i: number) => boolean): number {
  const train = vectors.flatMap((v, i) => (isTest(i) ? [] : [i]));
  const test = vectors.flatMap((v, i) => (isTest(i) ? [i] : []));
  const model = fitLogistic(train.map((i) => vectors[i]!), train.map((i) => labels[i]!), classes);
  try {
    const predicted = model.predict(test.map((i) => vectors[i]!));
    return predicted.filter((p, k) => p === labels[test[k]!]).length / test.length;
  } finally {
    model.dispose();
  }
}

/** Majority-class accuracy on the test documents, the class counted on the training ones. */
function majority(labels: number[], isTest: (i: number) => boolean): number {
  const counts = new Map<number, number>();
  labels.forEach((l, i) => !isTest(i) && counts.set(l, (counts.get(l) ?? 0) + 1));
  const top = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  const test = labels.filter((_, i) => isTest(i));
  return test.filter((l) => l === top).length / test.length;
}

/** Held-out genre accuracy of a linear probe on the model's hidden states (higher is better). */
export async function probeYardstick(m: TextModel, program: TrainingProgram, probe: ProbeData, randomInit?: TrainingProgram, o: ProbeOptions = {}): Promise<Measure> {
  const { windows, width } = { ...PROBE_DEFAULTS, ...o };
  if (!m.representation) return notApplicable('no hidden states over one token input to probe', true);
  const { nlu } = m.vocabulary.special;
  const lead = m.kind === 'encoder-decoder' && nlu !== undefined ? [nlu] : [];
  const contextLength = program.forwardTo(m.representation).contextLength;
  if (width > contextLength) return notApplicable(`reads ${contextLength} tokens at a time, fewer than the probe's ${width}`, true);
  const perDoc = probe.documents.map((d) => documentWindows(m.vocabulary, d, windows, width, lead));
  const keep = perDoc.flatMap((w, i) => (w.length ? [i] : []));
  const labels = keep.map((i) => probe.labels[i]!);
  const docWindows = keep.map((i) => perDoc[i]!);
  // every fifth document is held out
  const isTest = (i: number) => i % 5 === 0;
  const value = probeAccuracy(await documentVectors(program, m.representation, docWindows), labels, probe.classes.length, isTest);
  const random = randomInit ? probeAccuracy(await documentVectors(randomInit, m.representation, docWindows), labels, probe.classes.length, isTest) : undefined;
  return { value, baseline: majority(labels, isTest), higherIsBetter: true, items: keep.length, ...(random !== undefined ? { randomInit: random } : {}) };
}
