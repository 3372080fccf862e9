import { z } from 'zod';
import { graphDocumentSchema } from '../engine/core/graph-document.js';
import type { NodeRunEvent } from './ipc-contract.js';

/**
 * Messages between main and the training process (tfjs-node-worker.ts). Both sides validate what
 * they receive: the worker says `ready`, main sends one job — `start` a run (and maybe a `stop`)
 * or `export-pytorch` — and the worker reports events and then `finished`.
 */
/** `pytorch`: the graph exported into the run folder and run with the local Python */
export const NODE_TRAIN_BACKENDS = ['tensorflow', 'wasm', 'cpu', 'pytorch'] as const;

export const toWorkerSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('start'),
    doc: graphDocumentSchema,
    steps: z.number().int().min(1).optional(),
    runDir: z.string().min(1),
    /** `tensorflow` or `pytorch` in the app; tests use wasm, which needs no native library */
    backend: z.enum(NODE_TRAIN_BACKENDS),
    /** go on with the run in `runDir` from its latest checkpoint, with the graph saved there */
    resume: z.boolean().optional(),
  }),
  /** write the graph as a PyTorch program at `programFile`, its data folder beside it */
  z.strictObject({ type: z.literal('export-pytorch'), doc: graphDocumentSchema, programFile: z.string().min(1) }),
  z.strictObject({ type: z.literal('stop') }),
]);
export type ToWorker = z.infer<typeof toWorkerSchema>;
export type StartJob = Extract<ToWorker, { type: 'start' }>;
export type ExportJob = Extract<ToWorker, { type: 'export-pytorch' }>;

export const fromWorkerSchema = z.discriminatedUnion('type', [
  /** the worker's listener is in place: main sends `start` only now (loading tfjs takes a while) */
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({
    type: z.literal('event'),
    event: z.custom<NodeRunEvent>((v) => typeof v === 'object' && v !== null && typeof (v as { event?: unknown }).event === 'string', 'must be a run event'),
  }),
  z.strictObject({ type: z.literal('finished'), ok: z.boolean() }),
]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;
