/** The keyboard shortcuts, as data: the help overlay and the handler read the same table. */
export type Command =
  | 'undo'
  | 'redo'
  | 'copy'
  | 'paste'
  | 'duplicate'
  | 'delete'
  | 'selectAll'
  | 'new'
  | 'open'
  | 'save'
  | 'saveAs'
  | 'fitView'
  | 'toggleMinimap'
  | 'toggleCode'
  /** no key of its own: the File menu and the TypeScript tab's button */
  | 'exportTypeScript'
  /** the same, as a PyTorch program */
  | 'exportPytorch';

export const SHORTCUTS: { keys: string; command: Command; label: string }[] = [
  { keys: 'Mod+Z', command: 'undo', label: 'Undo' },
  { keys: 'Mod+Shift+Z', command: 'redo', label: 'Redo' },
  { keys: 'Mod+Y', command: 'redo', label: 'Redo' },
  { keys: 'Mod+C', command: 'copy', label: 'Copy' },
  { keys: 'Mod+V', command: 'paste', label: 'Paste' },
  { keys: 'Mod+D', command: 'duplicate', label: 'Duplicate' },
  { keys: 'Delete', command: 'delete', label: 'Delete' },
  { keys: 'Backspace', command: 'delete', label: 'Delete' },
  { keys: 'Mod+A', command: 'selectAll', label: 'Select all' },
  { keys: 'Mod+N', command: 'new', label: 'New graph' },
  { keys: 'Mod+O', command: 'open', label: 'Open…' },
  { keys: 'Mod+S', command: 'save', label: 'Save' },
  { keys: 'Mod+Shift+S', command: 'saveAs', label: 'Save as…' },
  { keys: 'Shift+1', command: 'fitView', label: 'Fit view' },
  { keys: 'Shift+M', command: 'toggleMinimap', label: 'Keep the minimap shown, or only while moving' },
  { keys: 'Mod+E', command: 'toggleCode', label: 'Graph / code' },
];

/** "Mod+Shift+Z" for a key event; Mod is Ctrl, or Cmd on a Mac. */
export function keysOf(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'code'>): string {
  const parts: string[] = [];
  if (e.ctrlKey || e.metaKey) parts.push('Mod');
  if (e.altKey) parts.push('Alt');
  if (e.shiftKey) parts.push('Shift');
  const key = /^Digit\d$/.test(e.code) ? e.code.slice(5) : e.key.length === 1 ? e.key.toUpperCase() : e.key;
  parts.push(key);
  return parts.join('+');
}

export function commandFor(e: Parameters<typeof keysOf>[0]): Command | null {
  const keys = keysOf(e);
  return SHORTCUTS.find((s) => s.keys === keys)?.command ?? null;
}

/** Typing in a field (or the code editor) keeps its own keys: Backspace deletes a character there. */
export function isTextTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.closest) return false;
  return !!el.closest('input, textarea, select, [contenteditable="true"], .monaco-editor');
}
