import { INVOKE_CHANNELS, parseParams, parseResult, type InvokeChannel, type InvokeResult, invokeChannels } from './ipc-contract.js';
import type { z } from 'zod';

/**
 * ipcMain.handle for every invoke channel of the contract, with the checks in one place (as VS
 * Code's validatedIpcMain): the sender must be the app's own top-level page, the params must match
 * the channel's schema, and main's answer must match its result schema. A handler receives
 * parsed, typed params and never sees a raw payload.
 */

/** The part of Electron's IpcMainInvokeEvent used here. */
export interface InvokeEventLike {
  senderFrame: { url: string; parent: unknown } | null;
}

/** The part of Electron's ipcMain used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export type ParsedParams<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['params']>;

export type InvokeHandlers = {
  [C in InvokeChannel]: (params: ParsedParams<C>, event: InvokeEventLike) => InvokeResult<C> | Promise<InvokeResult<C>>;
};

export class UntrustedSenderError extends Error {
  constructor(channel: string, url: string | null) {
    super(`ipc "${channel}": refused a message from ${url === null ? 'a frame that is gone' : JSON.stringify(url)}`);
    this.name = 'UntrustedSenderError';
  }
}

/** Registers a handler for every invoke channel (a missing one is a type error); returns an unregister function. */
export function registerInvokeHandlers(
  ipc: IpcMainLike,
  handlers: InvokeHandlers,
  isTrusted: (frame: { url: string; isMainFrame: boolean } | null) => boolean,
  log: (message: string) => void = (m) => console.warn(m),
): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipc.handle(channel, async (event, ...args) => {
      const f = event.senderFrame;
      const frame = f ? { url: f.url, isMainFrame: f.parent === null } : null;
      if (!isTrusted(frame)) {
        const err = new UntrustedSenderError(channel, frame?.url ?? null);
        log(err.message);
        throw err;
      }
      if (args.length !== 1) throw new Error(`ipc "${channel}": expected one params object, got ${args.length} arguments`);
      const params = parseParams(channel, args[0]);
      const handler = handlers[channel] as (p: unknown, e: InvokeEventLike) => unknown;
      return parseResult(channel, await handler(params, event));
    });
  }
  return () => INVOKE_CHANNELS.forEach((c) => ipc.removeHandler(c));
}
