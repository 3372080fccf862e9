/**
 * Closing a window with unsaved changes. Main never decides alone: it holds the close, asks the
 * renderer (`close:request`), and closes only when the renderer answers `proceed` (the renderer
 * may first ask the person, save, or cancel). Pure state, wired to BrowserWindow in main.ts.
 */
export type CloseDecision =
  /** let the window close */
  | { action: 'close' }
  /** hold the close and send `close:request` with this id */
  | { action: 'ask'; requestId: number }
  /** hold the close: a request is already waiting for its answer */
  | { action: 'wait' };

export class CloseGuard {
  private dirty = false;
  private pending: number | null = null;
  private released = false;
  private nextId = 1;

  setDirty(dirty: boolean): void {
    this.dirty = dirty;
  }

  get isDirty(): boolean {
    return this.dirty;
  }

  /** The window's `close` event. */
  onClose(): CloseDecision {
    if (this.released || !this.dirty) return { action: 'close' };
    if (this.pending !== null) return { action: 'wait' };
    this.pending = this.nextId++;
    return { action: 'ask', requestId: this.pending };
  }

  /** The renderer's `close:answer`. 'close' means: call window.close() again, it will go through. */
  onAnswer(requestId: number, proceed: boolean): 'close' | 'stay' | 'ignored' {
    if (requestId !== this.pending) return 'ignored';
    this.pending = null;
    if (!proceed) return 'stay';
    this.released = true;
    return 'close';
  }

  /**
   * The renderer is gone (crashed, killed) or hung and the person chose to close anyway: nothing
   * can answer, so the close goes through (the renderer's autosave snapshot holds the last edits).
   */
  release(): void {
    this.pending = null;
    this.released = true;
  }

  get waiting(): boolean {
    return this.pending !== null;
  }
}

/** "• name — Pretrain Lab"; macOS shows unsaved changes with a dot in the close button instead. */
export function windowTitle(docTitle: string, dirty: boolean, platform: string, productName: string): string {
  const name = docTitle.trim() || 'Untitled';
  const mark = dirty && platform !== 'darwin' ? '• ' : '';
  return `${mark}${name} — ${productName}`;
}
