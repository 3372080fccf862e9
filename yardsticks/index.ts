import type { TrainingProgram } from '../engine/compile/program-types.js';
import { generationYardstick, type GenerationOptions } from './generation.js';
import { infillYardstick, type InfillOptions } from './infill.js';
import { notApplicable, type Measure } from './measure.js';
import { probeYardstick, type ProbeData, type ProbeOptions } from './probe.js';
import { retrievalYardstick } from './retrieval.js';
import { findTextModel } from './text-model.js';

export type { Measure } from './measure.js';

/**
 * The yardsticks, as columns: one figure each for any finished run, whatever objective trained
 * it, `n/a` (value null, with a note) where a run's model cannot be measured that way.
 */
export const YARDSTICKS = {
  generation: 'generation: held-out continuation, bits per character (lower is better)',
  infillChars: 'infill: hidden characters written back (character accuracy)',
  infillExact: 'infill: hidden spans written back exactly',
  probe: 'linear probe: Brown genre from frozen hidden states (accuracy)',
  retrieval: 'retrieval: zero-shot image classification (accuracy)',
  imageToCaption: 'retrieval: image -> caption recall@1',
  captionToImage: 'retrieval: caption -> image recall@1',
} as const;

export type YardstickName = keyof typeof YARDSTICKS;

export interface MeasureContext {
  /** Brown genres, for the probe (read once, shared by every run) */
  probe: ProbeData;
  /** the same graph at its random initialisation, for the probe's second baseline */
  randomInit?: TrainingProgram;
  onProgress?(message: string): void;
  /** smaller items for small models (tests); the defaults are what compare reports */
  options?: { generation?: GenerationOptions; infill?: InfillOptions; probe?: ProbeOptions };
}

/** Every yardstick on one trained program. */
export async function measureRun(program: TrainingProgram, ctx: MeasureContext): Promise<Record<YardstickName, Measure>> {
  const say = (m: string) => ctx.onProgress?.(m);
  const found = findTextModel(program);
  const text = (higherIsBetter: boolean) => notApplicable(found.ok ? '' : `not a language model: ${found.reason}`, higherIsBetter);
  let generation = text(false);
  let infill = { chars: text(true), exact: text(true) };
  let probe = text(true);
  if (found.ok) {
    say('generation');
    generation = await generationYardstick(found.model, ctx.options?.generation);
    say('infill');
    infill = await infillYardstick(found.model, ctx.options?.infill);
    say('linear probe');
    probe = await probeYardstick(found.model, program, ctx.probe, ctx.randomInit, ctx.options?.probe);
  }
  say('retrieval');
  const retrieval = await retrievalYardstick(program);
  return {
    generation,
    infillChars: infill.chars,
    infillExact: infill.exact,
    probe,
    retrieval: retrieval.zeroShot,
    imageToCaption: retrieval.imageToCaption,
    captionToImage: retrieval.captionToImage,
  };
}
