import { z } from 'zod';
import { graphDocumentSchema } from '../engine/core/graph-document.js';
import type { TrainEvent } from '../engine/train/events.js';

/**
 * The one Electron IPC contract: every channel between the main process and the renderer, with
 * zod schemas for what crosses it. Main validates every message it receives against these
 * (ipc-main.ts), the preload only forwards channels named here, and the renderer's API type
 * (`window.pretrainLab`) is derived from this map, so the three cannot drift apart.
 *
 * Two directions:
 *  - `invoke` channels: the renderer asks, main answers ({params, result}).
 *  - `event` channels: main tells the renderer (menu commands, the close request, training).
 *
 * Pure: no Electron, no Node APIs (the renderer type-checks this file too).
 */

const MAX_TEXT = 256 * 1024 * 1024; // a graph file or a user's corpus, in UTF-16 code units
const filePath = z.string().min(1, 'must not be empty').max(4096, 'is longer than 4096 characters');
const empty = z.strictObject({});

export const recentFileSchema = z.strictObject({
  path: filePath,
  /** the file's name, for menus */
  name: z.string().min(1),
  /** ISO time it was last opened or saved */
  openedAt: z.string(),
});
export type RecentFile = z.infer<typeof recentFileSchema>;

export const openedFileSchema = z.strictObject({ path: filePath, name: z.string(), text: z.string().max(MAX_TEXT) });
export type OpenedFile = z.infer<typeof openedFileSchema>;

export const pickedDataSchema = z.strictObject({
  /** the picked file's or folder's name */
  name: z.string(),
  /** absolute path (what a data node's `path` setting holds for the CLI and tfjs-node) */
  path: filePath,
  /** every text file read: one for a file; each .txt/.md under a folder, sorted by relative path */
  files: z.array(z.strictObject({ name: z.string(), text: z.string() })),
});
export type PickedData = z.infer<typeof pickedDataSchema>;

export const MENU_COMMANDS = ['new', 'open', 'save', 'save-as', 'undo', 'redo', 'export-typescript', 'export-pytorch', 'start-training', 'stop-training'] as const;
export const menuCommandSchema = z.discriminatedUnion('command', [
  z.strictObject({ command: z.enum(MENU_COMMANDS) }),
  z.strictObject({ command: z.literal('open-recent'), path: filePath }),
]);
export type MenuCommand = z.infer<typeof menuCommandSchema>;

/** What the tfjs-node utility process reports: the engine's events, plus its own start and end. */
export type NodeRunEvent =
  | TrainEvent
  | { event: 'backend'; backend: string; tried: { backend: string; error: string }[] }
  | { event: 'progress'; message: string }
  | { event: 'crash'; message: string };
const nodeRunEventSchema = z.custom<NodeRunEvent>(
  (v) => typeof v === 'object' && v !== null && typeof (v as { event?: unknown }).event === 'string',
  'must be an object with an "event" name',
);

const channel = <P extends z.ZodType, R extends z.ZodType>(params: P, result: R) => ({ params, result });

export const invokeChannels = {
  /** Show the open dialog; read the chosen graph file. null when cancelled. */
  'file:open': channel(empty, openedFileSchema.nullable()),
  /** Read a file from the recent list (main refuses any path not on it). */
  'file:open-recent': channel(z.strictObject({ path: filePath }), openedFileSchema),
  /** Write a graph file atomically (temp file + rename) to a path chosen or opened in this session. */
  'file:save': channel(z.strictObject({ path: filePath, text: z.string().max(MAX_TEXT) }), z.strictObject({ path: filePath, name: z.string() })),
  /** Show the save dialog and write there. null when cancelled. */
  'file:save-as': channel(
    z.strictObject({ text: z.string().max(MAX_TEXT), suggestedName: z.string().max(255).optional() }),
    z.strictObject({ path: filePath, name: z.string() }).nullable(),
  ),
  /**
   * Show the save dialog for a file that is not a graph (an exported program) and write it there.
   * The name's extension picks the dialog's file type. Not remembered: never in the recent list,
   * never a target for `file:save`. null when cancelled.
   */
  'file:export': channel(
    z.strictObject({ text: z.string().max(MAX_TEXT), suggestedName: z.string().min(1, 'must not be empty').max(255) }),
    z.strictObject({ path: filePath, name: z.string() }).nullable(),
  ),
  /**
   * Show the save dialog for a PyTorch program (.py) and write the graph there as one, with its
   * data folder (NAME.data/) beside it: the export runs the graph's data nodes, in a utility
   * process. null when cancelled.
   */
  'file:export-pytorch': channel(
    z.strictObject({ doc: graphDocumentSchema, suggestedName: z.string().min(1, 'must not be empty').max(255) }),
    z.strictObject({ path: filePath, name: z.string(), dataDir: filePath }).nullable(),
  ),
  'recent:list': channel(empty, z.array(recentFileSchema)),
  'recent:clear': channel(empty, z.array(recentFileSchema)),
  /** A data node's file picker: a text file or a folder of them; null when cancelled. */
  'data:pick': channel(z.strictObject({ kind: z.enum(['file', 'folder']) }), pickedDataSchema.nullable()),
  /** The document's name and whether it has unsaved changes (window title, close guard). */
  'window:set-state': channel(z.strictObject({ title: z.string().max(300), dirty: z.boolean() }), z.null()),
  /** The renderer's answer to a `close:request`: may the window close? */
  'close:answer': channel(z.strictObject({ requestId: z.number().int().min(1), proceed: z.boolean() }), z.null()),
  /** Whether training can run on @tensorflow/tfjs-node(-gpu) in a utility process here. */
  'train:node-available': channel(empty, z.strictObject({ available: z.boolean(), package: z.string().nullable(), reason: z.string() })),
  /** Whether a local Python imports torch, so the `pytorch` backend can train here. */
  'train:pytorch-available': channel(empty, z.strictObject({ available: z.boolean(), python: z.string().nullable(), reason: z.string() })),
  /**
   * Train in a utility process: on tfjs-node (`tensorflow`, the default) or the local Python
   * (`pytorch`). `runName` names the run's folder in the app's runs (main checks it); with
   * `resume`, that run goes on from its latest checkpoint.
   */
  'train:node-start': channel(
    z.strictObject({
      doc: graphDocumentSchema,
      steps: z.number().int().min(1).optional(),
      backend: z.enum(['tensorflow', 'pytorch']).optional(),
      runName: z.string().max(128).optional(),
      resume: z.boolean().optional(),
    }),
    z.strictObject({ runId: z.string(), runDir: z.string() }),
  ),
  'train:node-stop': channel(z.strictObject({ runId: z.string().min(1) }), z.null()),
} as const;

export const eventChannels = {
  /** A menu item (or its accelerator) was chosen. */
  'menu:command': menuCommandSchema,
  /** The window is closing with unsaved changes: answer with `close:answer`. */
  'close:request': z.strictObject({ requestId: z.number().int().min(1) }),
  /** One event of a tfjs-node training run. */
  'train:event': z.strictObject({ runId: z.string(), event: nodeRunEventSchema }),
} as const;

export type InvokeChannel = keyof typeof invokeChannels;
export type EventChannel = keyof typeof eventChannels;
export type InvokeParams<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['params']>;
export type InvokeResult<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['result']>;
export type EventPayload<E extends EventChannel> = z.output<(typeof eventChannels)[E]>;

/** `window.pretrainLab`: all the preload exposes. */
export interface PretrainLabApi {
  invoke<C extends InvokeChannel>(channel: C, params: InvokeParams<C>): Promise<InvokeResult<C>>;
  /** Listen to a main -> renderer channel; returns the unsubscribe function. */
  on<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export const INVOKE_CHANNELS = Object.keys(invokeChannels) as InvokeChannel[];
export const EVENT_CHANNELS = Object.keys(eventChannels) as EventChannel[];

export function isInvokeChannel(c: unknown): c is InvokeChannel {
  return typeof c === 'string' && Object.hasOwn(invokeChannels, c);
}
export function isEventChannel(c: unknown): c is EventChannel {
  return typeof c === 'string' && Object.hasOwn(eventChannels, c);
}

/** A message that does not match the contract; the message names the channel and the field. */
export class IpcValidationError extends Error {
  constructor(
    readonly channel: string,
    readonly part: 'params' | 'result' | 'payload',
    readonly issues: readonly { path: string; message: string }[],
  ) {
    super(`ipc "${channel}": invalid ${part}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'IpcValidationError';
  }
}

function check<T>(schema: z.ZodType<T>, value: unknown, channelName: string, part: IpcValidationError['part']): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({
    path: [part, ...i.path.map(String)].join('.'),
    message: i.code === 'unrecognized_keys' ? `unexpected field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}` : i.message,
  }));
  throw new IpcValidationError(channelName, part, issues);
}

/** Validate what the renderer sent on an invoke channel (main calls this on receipt). */
export function parseParams<C extends InvokeChannel>(channelName: C, raw: unknown): z.output<(typeof invokeChannels)[C]['params']> {
  if (!isInvokeChannel(channelName)) throw new IpcValidationError(String(channelName), 'params', [{ path: 'channel', message: 'unknown channel' }]);
  return check(invokeChannels[channelName].params as z.ZodType, raw, channelName, 'params') as z.output<(typeof invokeChannels)[C]['params']>;
}

/** Validate main's own answer before it leaves (a bug in main must not reach the renderer as garbage). */
export function parseResult<C extends InvokeChannel>(channelName: C, raw: unknown): InvokeResult<C> {
  return check(invokeChannels[channelName].result as z.ZodType, raw, channelName, 'result') as InvokeResult<C>;
}

export function parseEvent<E extends EventChannel>(channelName: E, raw: unknown): EventPayload<E> {
  if (!isEventChannel(channelName)) throw new IpcValidationError(String(channelName), 'payload', [{ path: 'channel', message: 'unknown channel' }]);
  return check(eventChannels[channelName] as z.ZodType, raw, channelName, 'payload') as EventPayload<E>;
}
