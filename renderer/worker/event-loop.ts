/**
 * Letting messages in while training runs.
 *
 * The trainer awaits `tensor.data()` twice a step. On wasm and cpu those promises resolve as
 * microtasks, so a training loop never returns to the event loop and the worker would not see a
 * `stop` (or `preview`) message until the run ended. Each backend read is made to wait for one
 * macrotask first: a MessageChannel round trip, a few microseconds, unthrottled (unlike a
 * nested setTimeout's 4 ms).
 */

const channel = typeof MessageChannel === 'undefined' ? null : new MessageChannel();
const waiting: (() => void)[] = [];
if (channel) {
  channel.port1.onmessage = () => waiting.shift()?.();
}

/** Resolve after one trip through the event loop, so queued messages and timers run. */
export function macrotask(): Promise<void> {
  return new Promise((resolve) => {
    if (!channel) return void setTimeout(resolve, 0);
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}

interface Readable {
  read(dataId: object): Promise<unknown>;
}

const patched = new WeakSet<object>();

/** Make every async read on this backend instance yield to the event loop once. */
export function yieldOnRead(backend: Readable): void {
  if (patched.has(backend)) return;
  patched.add(backend);
  const read = backend.read.bind(backend);
  backend.read = async (dataId) => {
    const values = await read(dataId);
    await macrotask();
    return values;
  };
}
