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
  /** the same graph at its random initialisation: every text yardstick's second baseline */
  randomInit?: TrainingProgram;
  onProgress?(message: string): void;
  /** smaller items for small models (tests); the defaults are what compare reports */
  options?: { generation?: GenerationOptions; infill?: InfillOptions; probe?: ProbeOptions };
}

/** A measure with the untrained model's value beside it, when both apply. */
function withRandomInit(trained: Measure, untrained: Measure | undefined): Measure {
  return untrained && trained.value !== null && untrained.value !== null ? { ...trained, randomInit: untrained.value } : trained;
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
    // the untrained model is read with the same yardstick, so "it learnt something" is a comparison, not an assumption
    const untrained = ctx.randomInit ? findTextModel(ctx.randomInit) : undefined;
    const untrainedModel = untrained?.ok ? untrained.model : undefined;
    say('generation');
    generation = withRandomInit(await generationYardstick(found.model, ctx.options?.generation), untrainedModel && (await generationYardstick(untrainedModel, ctx.options?.generation)));
    say('infill');
    infill = await infillYardstick(found.model, ctx.options?.infill);
    if (untrainedModel) {
      const before = await infillYardstick(untrainedModel, ctx.options?.infill);
      infill = { chars: withRandomInit(infill.chars, before.chars), exact: withRandomInit(infill.exact, before.exact) };
    }
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
