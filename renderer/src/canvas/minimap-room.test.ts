import { describe, expect, it } from 'vitest';
import { MINIMAP_ROOM, showsMinimap } from './minimap-room.js';

describe('the minimap', () => {
  it('shows by itself only on a canvas with room for it', () => {
    expect(showsMinimap('auto', { width: 860, height: 680 })).toBe(true);
    expect(showsMinimap('auto', { width: 860, height: MINIMAP_ROOM.height - 1 })).toBe(false);
    expect(showsMinimap('auto', { width: MINIMAP_ROOM.width - 1, height: 680 })).toBe(false);
  });

  it('follows the choice a person made, whatever the size', () => {
    expect(showsMinimap('shown', { width: 300, height: 200 })).toBe(true);
    expect(showsMinimap('hidden', { width: 2000, height: 1200 })).toBe(false);
  });
});
