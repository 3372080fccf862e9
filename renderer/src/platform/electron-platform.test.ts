import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventChannel, PretrainLabApi } from '../../../electron/ipc-contract.js';
import { createElectronPlatform, ipcMessage } from './electron-platform.js';

function fakeApi(answers: Record<string, unknown> = {}) {
  const calls: [string, unknown][] = [];
  const listeners = new Map<string, ((p: unknown) => void)[]>();
  const api: PretrainLabApi = {
    invoke: (async (channel: string, params: unknown) => {
      calls.push([channel, params]);
      const a = answers[channel];
      if (a instanceof Error) throw a;
      return typeof a === 'function' ? a(params) : (a ?? null);
    }) as PretrainLabApi['invoke'],
    on: ((channel: EventChannel, l: (p: unknown) => void) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), l]);
      return () => listeners.set(channel, (listeners.get(channel) ?? []).filter((x) => x !== l));
    }) as PretrainLabApi['on'],
  };
  const emit = (channel: EventChannel, payload: unknown) => (listeners.get(channel) ?? []).forEach((l) => l(payload));
  return { api, calls, emit };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
afterEach(() => vi.unstubAllGlobals());

describe('the Electron platform', () => {
  it('opens through main and keeps the path as the handle', async () => {
    const { api, calls } = fakeApi({ 'file:open': { path: '/g/gpt.graph.json', name: 'gpt.graph.json', text: '{}' } });
    const p = createElectronPlatform(api, null);
    expect(await p.openGraph()).toEqual({ handle: { kind: 'electron', name: 'gpt.graph.json', path: '/g/gpt.graph.json' }, text: '{}' });
    expect(calls).toEqual([['file:open', {}]]);
    const none = createElectronPlatform(fakeApi().api, null);
    expect(await none.openGraph()).toBeNull();
  });

  it('saves in place with a path, and asks where without one', async () => {
    const { api, calls } = fakeApi({
      'file:save': ({ path }: { path: string }) => ({ path, name: 'gpt.graph.json' }),
      'file:save-as': { path: '/g/new.graph.json', name: 'new.graph.json' },
    });
    const p = createElectronPlatform(api, null);
    const h = await p.saveGraph('T1', { kind: 'electron', name: 'gpt.graph.json', path: '/g/gpt.graph.json' });
    expect(h).toEqual({ kind: 'electron', name: 'gpt.graph.json', path: '/g/gpt.graph.json' });
    expect(await p.saveGraph('T2', null)).toEqual({ kind: 'electron', name: 'new.graph.json', path: '/g/new.graph.json' });
    await p.saveGraph('T3', { kind: 'web', name: 'From the web', path: null });
    expect(calls).toEqual([
      ['file:save', { path: '/g/gpt.graph.json', text: 'T1' }],
      ['file:save-as', { text: 'T2', suggestedName: 'untitled.graph.json' }],
      ['file:save-as', { text: 'T3', suggestedName: 'From the web.graph.json' }],
    ]);
  });

  it('exports a program through main\'s export dialog', async () => {
    const { api, calls } = fakeApi({ 'file:export': { path: '/g/gpt.ts', name: 'gpt.ts' } });
    const p = createElectronPlatform(api, null);
    expect(await p.exportText('main();', 'causal-lm.ts')).toBe('gpt.ts');
    expect(calls).toEqual([['file:export', { text: 'main();', suggestedName: 'causal-lm.ts' }]]);
    expect(await createElectronPlatform(fakeApi().api, null).exportText('main();', 'causal-lm.ts')).toBeNull(); // cancelled
  });

  it('exports a PyTorch program through main, which writes the program and its data folder itself', async () => {
    const { api, calls } = fakeApi({ 'file:export-pytorch': { path: '/g/gpt.py', name: 'gpt.py', dataDir: '/g/gpt.data' } });
    const p = createElectronPlatform(api, null);
    const build = vi.fn();
    const doc = { name: 'g' } as never;
    expect(await p.exportPytorch(doc, 'causal-lm', build)).toEqual({ saved: 'gpt.py and gpt.data/', next: 'run it with python3 gpt.py' });
    expect(calls).toEqual([['file:export-pytorch', { doc, suggestedName: 'causal-lm.py' }]]);
    expect(build).not.toHaveBeenCalled(); // the renderer's worker does not export in the desktop app
    expect(await createElectronPlatform(fakeApi().api, null).exportPytorch(doc, 'causal-lm', build)).toBeNull(); // cancelled
  });

  it('passes on main\'s error message without Electron\'s wrapping', async () => {
    const wrapped = new Error(`Error invoking remote method 'file:save': Error: "/g/x.json" was not opened or chosen in this session; use Save As`);
    const p = createElectronPlatform(fakeApi({ 'file:save': wrapped }).api, null);
    await expect(p.saveGraph('T', { kind: 'electron', name: 'x.json', path: '/g/x.json' })).rejects.toThrow(/^"\/g\/x.json" was not opened or chosen in this session; use Save As$/);
    expect(ipcMessage(new Error("Error invoking remote method 'recent:list': IpcValidationError: ipc \"recent:list\": bad"))).toBe('ipc "recent:list": bad');
    expect(ipcMessage('plain')).toBe('plain');
  });

  it('lists, clears and reopens recent files, and picks data files', async () => {
    const recent = [{ path: '/g/a.json', name: 'a.json', openedAt: 't' }];
    const { api, calls } = fakeApi({ 'recent:list': recent, 'file:open-recent': { path: '/g/a.json', name: 'a.json', text: 'A' }, 'data:pick': null });
    const p = createElectronPlatform(api, null);
    expect(await p.recentFiles()).toEqual(recent);
    expect(await p.openRecent(recent[0]!)).toMatchObject({ text: 'A' });
    await p.clearRecentFiles();
    expect(await p.pickDataFile()).toBeNull();
    await p.pickDataFile('folder');
    expect(calls.map(([c, params]) => [c, params])).toEqual([
      ['recent:list', {}],
      ['file:open-recent', { path: '/g/a.json' }],
      ['recent:clear', {}],
      ['data:pick', { kind: 'file' }],
      ['data:pick', { kind: 'folder' }],
    ]);
  });

  it('delivers menu commands; Undo chosen while typing in a field undoes the typing instead', () => {
    const { api, emit } = fakeApi();
    const doc = { activeElement: null as Element | null, execCommand: vi.fn(() => true) };
    const p = createElectronPlatform(api, doc);
    const got: unknown[] = [];
    const off = p.onMenuCommand((c) => got.push(c));
    emit('menu:command', { command: 'undo' });
    doc.activeElement = { tagName: 'TEXTAREA' } as Element;
    emit('menu:command', { command: 'undo' });
    emit('menu:command', { command: 'save' });
    doc.activeElement = { tagName: 'INPUT', type: 'checkbox' } as unknown as Element;
    emit('menu:command', { command: 'redo' });
    expect(got).toEqual([{ command: 'undo' }, { command: 'save' }, { command: 'redo' }]);
    expect(doc.execCommand).toHaveBeenCalledWith('undo');
    off();
    emit('menu:command', { command: 'new' });
    expect(got).toHaveLength(3);
  });

  it('tells main the title and dirty state', async () => {
    const { api, calls } = fakeApi();
    createElectronPlatform(api, null).setDirty(true, 'gpt');
    await flush();
    expect(calls).toEqual([['window:set-state', { title: 'gpt', dirty: true }]]);
  });

  it('answers main\'s close request: by the UI\'s handler, by confirm() until there is one', async () => {
    const { api, calls, emit } = fakeApi();
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    const p = createElectronPlatform(api, null);
    emit('close:request', { requestId: 1 });
    await flush();
    expect(confirm).toHaveBeenCalledWith('Discard unsaved changes?');
    expect(calls.at(-1)).toEqual(['close:answer', { requestId: 1, proceed: false }]);

    const off = p.onBeforeClose(async () => true); // e.g. saved, or "Don't save"
    emit('close:request', { requestId: 2 });
    await flush();
    expect(calls.at(-1)).toEqual(['close:answer', { requestId: 2, proceed: true }]);

    p.onBeforeClose(() => {
      throw new Error('dialog broke');
    });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    emit('close:request', { requestId: 3 });
    await flush();
    expect(calls.at(-1)).toEqual(['close:answer', { requestId: 3, proceed: false }]); // nothing lost

    off(); // not the current handler any more: no effect
    emit('close:request', { requestId: 4 });
    await flush();
    expect(calls.at(-1)).toEqual(['close:answer', { requestId: 4, proceed: false }]);
  });
});

describe('choosing the platform', () => {
  it('is Electron\'s when the preload exposed window.pretrainLab, else the browser\'s', async () => {
    vi.stubGlobal('window', { pretrainLab: fakeApi().api });
    vi.resetModules();
    expect((await import('./index.js')).getPlatform().kind).toBe('electron');
    vi.stubGlobal('window', { addEventListener: () => {}, localStorage: null });
    vi.stubGlobal('document', { title: '' });
    vi.resetModules();
    const { getPlatform } = await import('./index.js');
    expect(getPlatform().kind).toBe('web');
    expect(getPlatform()).toBe(getPlatform()); // created once
  });
});
