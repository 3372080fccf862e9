import type { TrainingProgram } from '../engine/compile/program-types.js';
import { notApplicable, type Measure } from './measure.js';

/**
 * Retrieval, for contrastive runs: the graph's zero-shot retrieval output node, run on its
 * held-out images — zero-shot accuracy, and recall@1 from image to caption and back. The
 * baseline is chance: one in the number of classes.
 */

export interface RetrievalMeasures {
  zeroShot: Measure;
  imageToCaption: Measure;
  captionToImage: Measure;
}

const ROWS = { zeroShot: 'zero-shot accuracy', imageToCaption: 'image -> caption recall@1', captionToImage: 'caption -> image recall@1' } as const;

export async function retrievalYardstick(program: TrainingProgram): Promise<RetrievalMeasures> {
  const nodeId = program.evalNodeIds.find((id) => program.analysis.nodes.get(id)?.def?.type === 'eval/zero-shot-retrieval');
  const none = (note: string): RetrievalMeasures => ({ zeroShot: notApplicable(note, true), imageToCaption: notApplicable(note, true), captionToImage: notApplicable(note, true) });
  if (!nodeId) return none('not a contrastive image-text model (no zero-shot retrieval output)');
  const out = await program.runEval(nodeId);
  if (out.kind !== 'table') return none('its retrieval output is not a table');
  const row = (name: string) => out.rows.find((r) => r[0] === name)?.[1];
  const perDigit = String(row('zero-shot accuracy per digit') ?? '');
  const classes = perDigit ? perDigit.split(',').length : 10;
  const items = Number(/on (\d+) held-out/.exec(out.title)?.[1] ?? NaN);
  const measure = (name: string): Measure => {
    const v = Number(row(name));
    return Number.isFinite(v) ? { value: v, baseline: 1 / classes, higherIsBetter: true, ...(Number.isFinite(items) ? { items } : {}) } : notApplicable(`its output has no "${name}"`, true);
  };
  return { zeroShot: measure(ROWS.zeroShot), imageToCaption: measure(ROWS.imageToCaption), captionToImage: measure(ROWS.captionToImage) };
}
