import { describe, expect, it } from 'vitest';
import { commandFor } from './shortcuts.js';

const key = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}, code = '') => ({
  key,
  code,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('keyboard shortcuts', () => {
  it('maps the usual keys, Ctrl or Cmd alike', () => {
    expect(commandFor(key('z', { ctrlKey: true }))).toBe('undo');
    expect(commandFor(key('z', { metaKey: true }))).toBe('undo');
    expect(commandFor(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(commandFor(key('y', { ctrlKey: true }))).toBe('redo');
    expect(commandFor(key('Delete'))).toBe('delete');
    expect(commandFor(key('!', { shiftKey: true }, 'Digit1'))).toBe('fitView');
    expect(commandFor(key('M', { shiftKey: true }))).toBe('toggleMinimap');
    expect(commandFor(key('m'))).toBeNull();
    expect(commandFor(key('s', { ctrlKey: true, shiftKey: true }))).toBe('saveAs');
    expect(commandFor(key('q'))).toBeNull();
  });
});
