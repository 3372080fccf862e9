/**
 * Whether the canvas shows its minimap. Left to itself ('auto'), only where the canvas has room
 * for it beside the graph: under the open run panel, or in a small window, the 150 x 100 minimap
 * covered the nodes a fitted graph puts in that corner (the LM head of the causal sample, in the
 * "Open and train" view). A choice the person made stands whatever the size.
 */
export const MINIMAP_ROOM = { width: 720, height: 560 };

export function showsMinimap(choice: 'auto' | 'shown' | 'hidden', canvas: { width: number; height: number }): boolean {
  if (choice !== 'auto') return choice === 'shown';
  return canvas.width >= MINIMAP_ROOM.width && canvas.height >= MINIMAP_ROOM.height;
}
