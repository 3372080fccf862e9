import { z } from 'zod';
import { graphDocumentSchema } from '../../engine/core/graph-document.js';
import type { BackendChoice, PreviewResult, RunEvent } from '../src/run/training-client.js';
import { compareEventSchema, compareId, compareRequestSchema } from './compare-protocol.js';

/**
 * The training-worker protocol: one typed map of message type -> payload per direction, each
 * message `{ type, payload }`, validated with zod on receipt on both sides. A message that does not
 * fit becomes an error that names the field, never an exception deep inside a handler.
 */

const runId = z.string().min(1).max(200);
const requestId = z.number().int().nonnegative();

export const BACKEND_CHOICES = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const satisfies readonly BackendChoice[];

// ---- values -------------------------------------------------------------------------------

const hostTensor = z
  .strictObject({
    dtype: z.enum(['int32', 'float32']),
    shape: z.array(z.number().int().nonnegative()),
    data: z.custom<Int32Array | Float32Array>((v) => v instanceof Int32Array || v instanceof Float32Array, 'must be an Int32Array or a Float32Array'),
  })
  .refine((t) => (t.dtype === 'int32') === t.data instanceof Int32Array, { message: 'data must be an Int32Array for int32 and a Float32Array for float32', path: ['data'] })
  .refine((t) => t.shape.reduce((a, b) => a * b, 1) === t.data.length, { message: 'data does not hold as many values as the shape says', path: ['data'] });

const evalOutput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('text'), title: z.string(), text: z.string() }),
  z.strictObject({ kind: z.literal('table'), title: z.string(), columns: z.array(z.string()), rows: z.array(z.array(z.union([z.string(), z.number()]))) }),
  z.strictObject({
    kind: z.literal('images'),
    title: z.string(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    count: z.number().int().min(0),
    columns: z.number().int().positive(),
    pixels: z.array(z.number()),
  }),
]);

// Numbers in events may be NaN or Infinity (a loss that blew up): z.number() refuses those.
const num = z.union([z.number(), z.nan(), z.literal(Infinity), z.literal(-Infinity)]);
const metrics = z.record(z.string(), num);

export const runEventSchema = z.discriminatedUnion('event', [
  z.strictObject({ event: z.literal('start'), step: z.number(), totalSteps: z.number(), backend: z.string(), parameters: z.number(), tokensPerBatch: z.number(), samplesPerBatch: z.number().optional() }),
  z.strictObject({ event: z.literal('step'), step: z.number(), loss: num, lr: num, gradNorm: num, tokensPerSec: num, samplesPerSec: num.optional(), etaSeconds: num }),
  z.strictObject({ event: z.literal('eval'), step: z.number(), valLoss: num, metrics }),
  z.strictObject({ event: z.literal('warning'), step: z.number(), nodeId: z.string().nullable(), message: z.string() }),
  z.strictObject({ event: z.literal('output'), step: z.number(), nodeId: z.string(), output: evalOutput }),
  z.strictObject({ event: z.literal('checkpoint'), step: z.number(), path: z.string() }),
  z.strictObject({
    event: z.literal('done'),
    step: z.number(),
    valLoss: num,
    metrics,
    backend: z.string(),
    checkpoint: z.string().nullable(),
    stopped: z.boolean(),
  }),
  z.strictObject({
    event: z.literal('error'),
    step: z.number(),
    nodeId: z.string().nullable(),
    port: z.string().optional(),
    message: z.string(),
    nonFinite: z.strictObject({ nodeId: z.string(), port: z.string(), kind: z.enum(['output', 'weights']) }).optional(),
  }),
  z.strictObject({
    event: z.literal('backend'),
    backend: z.string(),
    tried: z.array(z.strictObject({ backend: z.string(), error: z.string() })),
    adapter: z.string().optional(),
    reason: z.string().optional(),
  }),
  z.strictObject({ event: z.literal('progress'), message: z.string() }),
  z.strictObject({ event: z.literal('crash'), message: z.string() }),
]);

const previewValue = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('text'), text: z.string() }),
  z.strictObject({
    kind: z.literal('corpus'),
    documents: z.number().int().nonnegative(),
    trainChars: z.number().int().nonnegative(),
    valChars: z.number().int().nonnegative(),
    shared: z.boolean(),
    passage: z.string(),
    passageAt: z.number().int().nonnegative(),
    heldOut: z.string(),
  }),
  z.strictObject({
    kind: z.literal('tokens'),
    tokens: z.array(z.strictObject({ id: z.number().int(), text: z.string() })),
    total: z.number().int().nonnegative().optional(),
    vocabularySize: z.number().int().positive().optional(),
  }),
  z.strictObject({
    kind: z.literal('images'),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    count: z.number().int().nonnegative(),
    pixels: z.custom<Float32Array>((v) => v instanceof Float32Array, 'must be a Float32Array'),
    labels: z.array(z.string()),
    train: z.number().int().nonnegative(),
    val: z.number().int().nonnegative(),
  }),
  z.strictObject({ kind: z.literal('tensor'), role: z.string(), tensor: hostTensor, tokens: z.array(z.array(z.string())).optional() }),
]);

export const previewResultSchema = z.strictObject({ nodeId: z.string(), outputs: z.record(z.string(), previewValue) });

// ---- the two maps -------------------------------------------------------------------------

/** What the UI thread sends the worker. */
export const toWorker = {
  /** begin a run; with `resume`, continue run `runId` from its latest checkpoint (its saved graph wins over `doc`) */
  start: z.strictObject({
    runId,
    doc: graphDocumentSchema,
    backend: z.enum(BACKEND_CHOICES),
    steps: z.number().int().positive().optional(),
    resume: z.boolean(),
  }),
  /**
   * stop run `runId` at the next step boundary (it checkpoints and ends with done, stopped); sent
   * again, skip its final evaluation and outputs. A compare's id stops the compare.
   */
  stop: z.strictObject({ runId }),
  /** train and measure graphs on a matched budget, one run after another (the yardsticks' compare) */
  compare: compareRequestSchema,
  /** one real batch of a data/tokenizer/batching/masking node's outputs */
  preview: z.strictObject({ requestId, doc: graphDocumentSchema, nodeId: z.string().min(1) }),
  /** the graph as a PyTorch program and its data folder's files (the data nodes run here) */
  exportPytorch: z.strictObject({ requestId, doc: graphDocumentSchema }),
  /** file contents by name, for text-corpus nodes whose source is "file" (added to those given before) */
  registerUserFiles: z.strictObject({ files: z.record(z.string().min(1), z.string()) }),
} as const;

/** What the worker sends back. */
export const fromWorker = {
  /** events of run `runId`, in order; `final` marks the last message of the run */
  event: z.strictObject({ runId, events: z.array(runEventSchema), final: z.boolean() }),
  /** events of compare `compareId`, in order; `final` marks its last message */
  compareEvent: z.strictObject({ compareId, events: z.array(compareEventSchema), final: z.boolean() }),
  previewResult: z.strictObject({ requestId, result: previewResultSchema }),
  exportResult: z.strictObject({
    requestId,
    source: z.string(),
    files: z.array(z.strictObject({ name: z.string().min(1), bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'must be a Uint8Array') })),
  }),
  /** a preview or export that failed; `nodeId` says where (null: the graph as a whole) */
  requestError: z.strictObject({ requestId, message: z.string(), nodeId: z.string().nullable() }),
  /** the worker cannot be trusted to go on (an error nothing caught, a message it could not place) */
  fatal: z.strictObject({ message: z.string() }),
} as const;

type Payloads<M extends Record<string, z.ZodType>> = { [K in keyof M]: z.output<M[K]> };
export type ToWorkerPayloads = Payloads<typeof toWorker>;
export type FromWorkerPayloads = Payloads<typeof fromWorker>;
export type Message<P> = { [K in keyof P]: { type: K; payload: P[K] } }[keyof P];
export type ToWorkerMessage = Message<ToWorkerPayloads>;
export type FromWorkerMessage = Message<FromWorkerPayloads>;

/** Build a message with its payload type checked against the map. */
export function message<P, K extends keyof P>(type: K, payload: P[K]): { type: K; payload: P[K] } {
  return { type, payload };
}
export const toWorkerMessage = <K extends keyof ToWorkerPayloads>(type: K, payload: ToWorkerPayloads[K]) => message<ToWorkerPayloads, K>(type, payload);
export const fromWorkerMessage = <K extends keyof FromWorkerPayloads>(type: K, payload: FromWorkerPayloads[K]) => message<FromWorkerPayloads, K>(type, payload);

// ---- validation on receipt ----------------------------------------------------------------

export type Received<M> =
  | { ok: true; message: M }
  /** what was wrong, and whichever run or request the message named, so the error can go there */
  | { ok: false; error: string; runId?: string; requestId?: number; compareId?: string };

function parseWith<M>(map: Record<string, z.ZodType>, raw: unknown, direction: string): Received<M> {
  const ids = idsOf(raw);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, error: `a ${direction} message must be an object with "type" and "payload", got ${describe(raw)}`, ...ids };
  const { type, payload, ...rest } = raw as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (typeof type !== 'string' || !Object.hasOwn(map, type)) {
    return { ok: false, error: `a ${direction} message has field "type" = ${describe(type)}; expected one of ${Object.keys(map).join(', ')}`, ...ids };
  }
  if (extra.length) return { ok: false, error: `the ${direction} message "${type}" has unexpected field "${extra[0]}" beside "type" and "payload"`, ...ids };
  const result = map[type]!.safeParse(payload);
  if (!result.success) return { ok: false, error: `the ${direction} message "${type}" is malformed: ${describeIssue(result.error.issues[0]!)}`, ...ids };
  return { ok: true, message: { type, payload: result.data } as M };
}

export function parseToWorker(raw: unknown): Received<ToWorkerMessage> {
  return parseWith<ToWorkerMessage>(toWorker, raw, 'UI-to-worker');
}

export function parseFromWorker(raw: unknown): Received<FromWorkerMessage> {
  return parseWith<FromWorkerMessage>(fromWorker, raw, 'worker-to-UI');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = ['payload', ...issue.path.map(String)].join('.');
  return `field "${path}": ${issue.message}`;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  return typeof v === 'object' ? 'an object' : String(v);
}

/** A malformed message may still say which run or preview it was for. */
function idsOf(raw: unknown): { runId?: string; requestId?: number; compareId?: string } {
  const payload = (raw as { payload?: unknown } | null)?.payload as { runId?: unknown; requestId?: unknown; compareId?: unknown } | undefined;
  if (!payload || typeof payload !== 'object') return {};
  return {
    ...(typeof payload.runId === 'string' && payload.runId ? { runId: payload.runId } : {}),
    ...(typeof payload.compareId === 'string' && payload.compareId ? { compareId: payload.compareId } : {}),
    ...(typeof payload.requestId === 'number' ? { requestId: payload.requestId } : {}),
  };
}

// ---- the schemas say exactly what the shared types say -------------------------------------
type Same<A, B> = 0 extends 1 & A ? false : [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameRunEvent: Same<z.output<typeof runEventSchema>, RunEvent> = true;
const samePreview: Same<z.output<typeof previewResultSchema>, PreviewResult> = true;
void sameRunEvent;
void samePreview;
