import { describe, expect, it } from 'vitest';
import { CloseGuard, windowTitle } from './close-guard.js';

describe('closing with unsaved changes', () => {
  it('closes at once when everything is saved', () => {
    const g = new CloseGuard();
    expect(g.onClose()).toEqual({ action: 'close' });
    g.setDirty(true);
    g.setDirty(false);
    expect(g.onClose()).toEqual({ action: 'close' });
  });

  it('asks the renderer once, holds further closes, and closes only when it says so', () => {
    const g = new CloseGuard();
    g.setDirty(true);
    const first = g.onClose();
    expect(first).toEqual({ action: 'ask', requestId: 1 });
    expect(g.waiting).toBe(true);
    expect(g.onClose()).toEqual({ action: 'wait' }); // a second click on the close button
    expect(g.onAnswer(99, true)).toBe('ignored'); // not the question asked
    expect(g.onAnswer(1, false)).toBe('stay');
    expect(g.waiting).toBe(false);
    expect(g.onClose()).toEqual({ action: 'ask', requestId: 2 });
    expect(g.onAnswer(1, true)).toBe('ignored'); // a stale answer
    expect(g.onAnswer(2, true)).toBe('close');
    expect(g.onClose()).toEqual({ action: 'close' });
  });

  it('lets the window go when the renderer cannot answer', () => {
    const g = new CloseGuard();
    g.setDirty(true);
    expect(g.onClose().action).toBe('ask');
    g.release();
    expect(g.onClose()).toEqual({ action: 'close' });
  });

  it('titles the window with the document and its state', () => {
    expect(windowTitle('gpt', false, 'linux', 'Pretrain Lab')).toBe('gpt — Pretrain Lab');
    expect(windowTitle('gpt', true, 'win32', 'Pretrain Lab')).toBe('• gpt — Pretrain Lab');
    expect(windowTitle('gpt', true, 'darwin', 'Pretrain Lab')).toBe('gpt — Pretrain Lab'); // the close button shows it
    expect(windowTitle('  ', false, 'linux', 'Pretrain Lab')).toBe('Untitled — Pretrain Lab');
  });
});
