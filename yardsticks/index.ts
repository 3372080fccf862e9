import type { TrainingProgram } from '../engine/compile/program-types.js';
import { generationYardstick, type GenerationOptions } from './generation.js';
import { infillYardstick, type InfillOptions } from './infill.js';
import { notApplicable, type Measure } from './measure.js';
import { probeYardstick, type ProbeData, type ProbeOptions } from './probe.js';
import { retrievalYardstick } from './retrieval.js';
import { findTextModel } from './text-model.js';
import type { YardstickName } from './yardstick-names.js';

export type { Measure } from './measure.js';
export { YARDSTICKS, type YardstickName } from './yardstick-names.js';

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
