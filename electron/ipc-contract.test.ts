import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  EVENT_CHANNELS,
  eventChannels,
  INVOKE_CHANNELS,
  invokeChannels,
  IpcValidationError,
  isEventChannel,
  isInvokeChannel,
  parseEvent,
  parseParams,
  parseResult,
} from './ipc-contract.js';

const doc = JSON.parse(readFileSync('samples/causal-lm.graph.json', 'utf8'));

function rejection(fn: () => unknown): IpcValidationError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(IpcValidationError);
    return e as IpcValidationError;
  }
  throw new Error('expected a validation error');
}

describe('the IPC contract', () => {
  it('lists every channel once, each with a params and a result schema', () => {
    expect(INVOKE_CHANNELS.sort()).toEqual(
      [
        'close:answer',
        'data:pick',
        'file:open',
        'file:open-recent',
        'file:save',
        'file:save-as',
        'file:export',
        'file:export-pytorch',
        'recent:clear',
        'recent:list',
        'train:node-available',
        'train:pytorch-available',
        'train:node-start',
        'train:node-stop',
        'window:set-state',
      ].sort(),
    );
    for (const c of INVOKE_CHANNELS) {
      expect(invokeChannels[c].params, c).toBeDefined();
      expect(invokeChannels[c].result, c).toBeDefined();
    }
    expect(EVENT_CHANNELS.sort()).toEqual(['close:request', 'menu:command', 'train:event']);
    expect(isInvokeChannel('file:save')).toBe(true);
    expect(isInvokeChannel('menu:command')).toBe(false);
    expect(isInvokeChannel('toString')).toBe(false); // not fooled by Object.prototype
    expect(isEventChannel('menu:command')).toBe(true);
    expect(isEventChannel('__proto__')).toBe(false);
  });

  it('accepts good params', () => {
    expect(parseParams('file:open', {})).toEqual({});
    expect(parseParams('file:save', { path: '/home/a/g.graph.json', text: '{}' })).toEqual({ path: '/home/a/g.graph.json', text: '{}' });
    expect(parseParams('file:save-as', { text: '{}', suggestedName: 'gpt.graph.json' }).suggestedName).toBe('gpt.graph.json');
    expect(parseParams('file:save-as', { text: '{}' }).suggestedName).toBeUndefined();
    expect(parseParams('file:export', { text: 'main();', suggestedName: 'gpt.ts' })).toEqual({ text: 'main();', suggestedName: 'gpt.ts' });
    expect(parseParams('data:pick', { kind: 'folder' })).toEqual({ kind: 'folder' });
    expect(parseParams('window:set-state', { title: 'gpt', dirty: true })).toEqual({ title: 'gpt', dirty: true });
    expect(parseParams('close:answer', { requestId: 3, proceed: false })).toEqual({ requestId: 3, proceed: false });
    const start = parseParams('train:node-start', { doc, steps: 10 });
    expect(start.doc.nodes.length).toBeGreaterThan(3);
    expect(parseParams('train:node-start', { doc, backend: 'pytorch' }).backend).toBe('pytorch');
    expect(parseParams('file:export-pytorch', { doc, suggestedName: 'gpt.py' }).suggestedName).toBe('gpt.py');
  });

  it('rejects a bad payload with an error naming the channel and the field', () => {
    let e = rejection(() => parseParams('file:save', { path: '/a.json', text: 42 }));
    expect(e.message).toMatch(/^ipc "file:save": invalid params: params\.text: .*expected string, received number/);
    expect(e.channel).toBe('file:save');
    expect(e.issues.map((i) => i.path)).toEqual(['params.text']);

    e = rejection(() => parseParams('file:save', { path: '', text: '' }));
    expect(e.message).toContain('params.path: must not be empty');

    e = rejection(() => parseParams('data:pick', { kind: 'disk' }));
    expect(e.message).toMatch(/ipc "data:pick": invalid params: params\.kind: /);

    e = rejection(() => parseParams('window:set-state', { title: 'x', dirty: 'yes' }));
    expect(e.message).toContain('params.dirty');

    e = rejection(() => parseParams('close:answer', { requestId: 0, proceed: true }));
    expect(e.message).toContain('params.requestId');

    // a graph that is not a graph: the field inside the document is named
    e = rejection(() => parseParams('train:node-start', { doc: { ...doc, seed: -1 } }));
    expect(e.message).toContain('params.doc.seed');
    e = rejection(() => parseParams('train:node-start', { doc, steps: 2.5 }));
    expect(e.message).toContain('params.steps');
    e = rejection(() => parseParams('train:node-start', { doc, backend: 'wasm' }));
    expect(e.message).toContain('params.backend');
  });

  it('rejects fields it does not know, a missing object, and unknown channels', () => {
    let e = rejection(() => parseParams('file:open', { path: '/etc/passwd' }));
    expect(e.message).toBe('ipc "file:open": invalid params: params: unexpected field "path"');
    e = rejection(() => parseParams('recent:list', undefined));
    expect(e.message).toContain('ipc "recent:list": invalid params: params:');
    e = rejection(() => parseParams('file:save', null));
    expect(e.channel).toBe('file:save');
    e = rejection(() => parseParams('shell:exec' as never, {}));
    expect(e.message).toContain('unknown channel');
  });

  it('checks main\'s answers and events too', () => {
    expect(parseResult('file:open', null)).toBeNull();
    expect(parseResult('file:open', { path: '/a.json', name: 'a.json', text: '{}' })).toEqual({ path: '/a.json', name: 'a.json', text: '{}' });
    const e = rejection(() => parseResult('recent:list', [{ path: '/a.json', name: 'a.json' }]));
    expect(e.message).toMatch(/^ipc "recent:list": invalid result: result\.0\.openedAt/);

    expect(parseEvent('menu:command', { command: 'save' })).toEqual({ command: 'save' });
    expect(parseEvent('menu:command', { command: 'open-recent', path: '/a.json' })).toEqual({ command: 'open-recent', path: '/a.json' });
    expect(() => parseEvent('menu:command', { command: 'open-recent' })).toThrow(/payload\.path/);
    expect(() => parseEvent('menu:command', { command: 'format-disk' })).toThrow(/ipc "menu:command": invalid payload/);
    expect(parseEvent('close:request', { requestId: 1 })).toEqual({ requestId: 1 });
    expect(parseEvent('train:event', { runId: 'r', event: { event: 'step', step: 1 } }).runId).toBe('r');
    expect(() => parseEvent('train:event', { runId: 'r', event: { step: 1 } })).toThrow(/payload\.event: must be an object with an "event" name/);
  });

  it('every menu command the contract allows is one value of one schema', () => {
    const commands = eventChannels['menu:command'].options.flatMap((o) => ('options' in o.shape.command ? o.shape.command.options : [o.shape.command.value]));
    expect(commands).toEqual(expect.arrayContaining(['new', 'open', 'save', 'save-as', 'undo', 'redo', 'open-recent']));
  });
});
