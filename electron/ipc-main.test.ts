import { describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS } from './ipc-contract.js';
import { registerInvokeHandlers, type InvokeEventLike, type InvokeHandlers } from './ipc-main.js';
import { isTrustedSender } from './navigation-guard.js';
import { APP_ORIGIN } from './window-options.js';

type Listener = (event: InvokeEventLike, ...args: unknown[]) => unknown;

/** ipcMain as far as registerInvokeHandlers uses it. */
function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle: (channel: string, l: Listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, l);
    },
    removeHandler: (channel: string) => void handlers.delete(channel),
    invoke: (channel: string, event: InvokeEventLike, ...args: unknown[]) => Promise.resolve(handlers.get(channel)!(event, ...args)),
  };
}

const fromApp: InvokeEventLike = { senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null } };

function handlers(overrides: Partial<InvokeHandlers> = {}): InvokeHandlers {
  const none = () => null;
  return {
    'file:open': none,
    'file:open-recent': () => ({ path: '/a.json', name: 'a.json', text: '{}' }),
    'file:save': ({ path }) => ({ path, name: 'a.json' }),
    'file:save-as': none,
    'file:export': none,
    'file:export-pytorch': none,
    'recent:list': () => [],
    'recent:clear': () => [],
    'data:pick': none,
    'window:set-state': none,
    'close:answer': none,
    'train:node-available': () => ({ available: false, package: null, reason: 'absent' }),
    'train:pytorch-available': () => ({ available: false, python: null, reason: 'absent' }),
    'train:node-start': () => ({ runId: 'r', runDir: '/runs/r' }),
    'train:node-stop': none,
    ...overrides,
  };
}

describe('registerInvokeHandlers', () => {
  const setup = (h = handlers()) => {
    const ipc = fakeIpcMain();
    const log = vi.fn();
    const unregister = registerInvokeHandlers(ipc, h, (f) => isTrustedSender(f, [APP_ORIGIN]), log);
    return { ipc, log, unregister };
  };

  it('handles every channel of the contract, and unregisters them all', () => {
    const { ipc, unregister } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });

  it('passes parsed params to the handler and returns its checked answer', async () => {
    const save = vi.fn(({ path }: { path: string }) => ({ path, name: 'g.json' }));
    const { ipc } = setup(handlers({ 'file:save': save }));
    await expect(ipc.invoke('file:save', fromApp, { path: '/x/g.json', text: 'T' })).resolves.toEqual({ path: '/x/g.json', name: 'g.json' });
    expect(save).toHaveBeenCalledWith({ path: '/x/g.json', text: 'T' }, fromApp);
  });

  it('rejects a bad payload before the handler runs, naming channel and field', async () => {
    const save = vi.fn();
    const { ipc } = setup(handlers({ 'file:save': save }));
    await expect(ipc.invoke('file:save', fromApp, { path: '/x/g.json', text: 7 })).rejects.toThrow(/ipc "file:save": invalid params: params\.text/);
    await expect(ipc.invoke('file:save', fromApp, { path: '/x/g.json', text: '', extra: 1 })).rejects.toThrow(/unexpected field "extra"/);
    await expect(ipc.invoke('file:save', fromApp)).rejects.toThrow(/expected one params object, got 0 arguments/);
    await expect(ipc.invoke('file:save', fromApp, { path: '/a', text: '' }, 'more')).rejects.toThrow(/got 2 arguments/);
    expect(save).not.toHaveBeenCalled();
  });

  it('refuses senders other than the app\'s own top-level page', async () => {
    const pick = vi.fn();
    const { ipc, log } = setup(handlers({ 'data:pick': pick }));
    const params = { kind: 'file' };
    await expect(ipc.invoke('data:pick', { senderFrame: { url: 'https://evil.example/', parent: null } }, params)).rejects.toThrow(
      'ipc "data:pick": refused a message from "https://evil.example/"',
    );
    await expect(ipc.invoke('data:pick', { senderFrame: { url: `${APP_ORIGIN}/frame.html`, parent: {} } }, params)).rejects.toThrow(/refused/);
    await expect(ipc.invoke('data:pick', { senderFrame: null }, params)).rejects.toThrow('refused a message from a frame that is gone');
    await expect(ipc.invoke('data:pick', { senderFrame: { url: 'file:///etc/index.html', parent: null } }, params)).rejects.toThrow(/refused/);
    expect(pick).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledTimes(4);
  });

  it('checks the handler\'s own answer against the contract', async () => {
    const { ipc } = setup(handlers({ 'recent:list': () => [{ path: 'relative-but-no-name' }] as never }));
    await expect(ipc.invoke('recent:list', fromApp, {})).rejects.toThrow(/ipc "recent:list": invalid result: result\.0\.name/);
  });
});
