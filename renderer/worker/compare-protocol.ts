import { z } from 'zod';
import { graphDocumentSchema } from '../../engine/core/graph-document.js';
import { YARDSTICKS, type YardstickName } from '../../yardsticks/yardstick-names.js';
import type { RunResult } from '../../yardsticks/compare-summary.js';
import type { CompareRunEvent } from '../src/compare/compare-events.js';

/**
 * The compare messages of the training-worker protocol (protocol.ts holds the maps): a compare's
 * request, its events and the measured runs that travel both ways (out as results, back in to
 * continue a compare), each checked on receipt like every other message.
 */

// a model that blew up measures NaN: z.number() alone refuses it
const num = z.union([z.number(), z.nan(), z.literal(Infinity), z.literal(-Infinity)]);

export const measureSchema = z.strictObject({
  value: num.nullable(),
  baseline: num.nullable(),
  higherIsBetter: z.boolean(),
  randomInit: num.nullable().optional(),
  note: z.string().optional(),
  items: z.number().int().nonnegative().optional(),
});

const measures = z.strictObject(Object.fromEntries((Object.keys(YARDSTICKS) as YardstickName[]).map((n) => [n, measureSchema])) as Record<YardstickName, typeof measureSchema>);

export const runResultSchema = z.strictObject({
  graph: z.string(),
  name: z.string(),
  seed: z.number().int(),
  steps: z.number().int().nonnegative(),
  tokensPerStep: z.number().int().nonnegative(),
  losses: z.array(num),
  valLoss: num,
  measures,
  seconds: z.number().nonnegative(),
});

const index = z.number().int().nonnegative();

export const compareEventSchema = z.discriminatedUnion('event', [
  z.strictObject({ event: z.literal('backend'), backend: z.string(), tried: z.array(z.strictObject({ backend: z.string(), error: z.string() })) }),
  z.strictObject({ event: z.literal('plan'), runs: z.array(z.strictObject({ key: z.string(), graph: z.string(), seed: z.number().int(), steps: z.number().int() })) }),
  z.strictObject({ event: z.literal('run'), index, key: z.string(), graph: z.string(), seed: z.number().int(), steps: z.number().int(), resumed: z.boolean(), stored: z.boolean() }),
  z.strictObject({ event: z.literal('train'), index, step: z.number().int(), steps: z.number().int(), loss: num, etaSeconds: num }),
  z.strictObject({ event: z.literal('measure'), index, yardstick: z.string() }),
  z.strictObject({ event: z.literal('result'), index, result: runResultSchema }),
  z.strictObject({
    event: z.literal('failed'),
    index,
    graph: z.string(),
    graphName: z.string(),
    seed: z.number().int(),
    during: z.enum(['training', 'measuring']),
    nodeId: z.string().nullable(),
    message: z.string(),
    skipped: z.array(index),
  }),
  z.strictObject({ event: z.literal('error'), graph: z.string().nullable(), graphName: z.string().nullable(), nodeId: z.string().nullable(), message: z.string() }),
  z.strictObject({ event: z.literal('done'), stopped: z.boolean() }),
  z.strictObject({ event: z.literal('crash'), message: z.string() }),
]);

export const compareId = z.string().min(1).max(200);

export const compareRequestSchema = z.strictObject({
  compareId,
  graphs: z.array(z.strictObject({ source: z.string().min(1), doc: graphDocumentSchema })).min(1, 'give at least one graph to compare'),
  budgetTokens: z.number().int().positive(),
  seeds: z.number().int().min(1).max(100),
  backend: z.enum(['auto', 'webgpu', 'webgl', 'wasm', 'cpu']),
  completed: z.record(z.string(), runResultSchema),
});

// ---- the schemas say exactly what the shared types say -------------------------------------
type Same<A, B> = 0 extends 1 & A ? false : [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameEvent: Same<z.output<typeof compareEventSchema>, CompareRunEvent> = true;
const sameResult: Same<z.output<typeof runResultSchema>, RunResult> = true;
void sameEvent;
void sameResult;
