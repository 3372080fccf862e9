import type { MenuCommand, RecentFile } from '../../../electron/ipc-contract.js';
import type { GraphDocument } from '../../../engine/core/graph-document.js';

/** An exported PyTorch program: its source, and the files of its data folder. */
export interface PytorchFiles {
  source: string;
  files: { name: string; bytes: Uint8Array }[];
}

export type { MenuCommand, RecentFile };

/**
 * What the UI uses for files and the window, whatever hosts it: Electron (electron-platform.ts,
 * through the preload's `window.pretrainLab`) or a browser (web-platform.ts). index.ts picks one.
 *
 * Cancelling a dialog is not an error: those methods resolve to null. Anything else that goes
 * wrong rejects with an Error whose message names the file and says what happened.
 */

/** Where a graph came from or was saved to; pass it back to `saveGraph` to save in place. Opaque to the UI beyond its name. */
export interface FileHandle {
  readonly kind: 'electron' | 'web';
  /** the file name, for the title bar and menus */
  readonly name: string;
  /** the absolute path (Electron); null in a browser, which never reveals one */
  readonly path: string | null;
}

export interface OpenedGraph {
  handle: FileHandle;
  text: string;
}

/** A data node's user text: what the training worker registers, and what the node's `path` setting holds. */
export interface PickedData {
  /** the file's or folder's name */
  name: string;
  /** absolute path in Electron; null in a browser */
  path: string | null;
  /** one entry for a file; each .txt / .md file under a folder, sorted by relative path */
  files: { name: string; text: string }[];
}

export interface Platform {
  readonly kind: 'electron' | 'web';
  /** Ask for a graph file and read it; null when cancelled. */
  openGraph(): Promise<OpenedGraph | null>;
  /** Reopen a file from `recentFiles()`; null when it cannot be reopened without a dialog and the person cancelled it. */
  openRecent(file: RecentFile): Promise<OpenedGraph | null>;
  /**
   * Save in place when `handle` allows it (written whole or not at all); otherwise ask where,
   * like `saveGraphAs`. Resolves to the handle to save to next time; null when cancelled.
   */
  saveGraph(text: string, handle: FileHandle | null): Promise<FileHandle | null>;
  saveGraphAs(text: string, suggestedName?: string): Promise<FileHandle | null>;
  /**
   * Save a file the graph does not live in (an exported program): always asks where, proposing
   * `suggestedName` (its extension decides the file type offered). The file is not added to the
   * recent graphs and never saved to again. Resolves to the saved file's name; null when cancelled.
   */
  exportText(text: string, suggestedName: string): Promise<string | null>;
  /**
   * The graph as a PyTorch program, saved where the person chooses: `NAME.py` with its data folder
   * `NAME.data/` beside it. Electron's main process writes both (it runs the graph's data nodes
   * in a process of its own); a browser, which cannot write a folder, saves one `NAME.zip`
   * holding both, made from `build()` (the training worker's export). Resolves to what was
   * saved and what to do next, as a person should read them; null when cancelled.
   */
  exportPytorch(doc: GraphDocument, baseName: string, build: () => Promise<PytorchFiles>): Promise<{ saved: string; next: string } | null>;
  /** Newest first. */
  recentFiles(): Promise<RecentFile[]>;
  clearRecentFiles(): Promise<void>;
  /** A data node's file picker: a text file, or a folder of .txt / .md files. null when cancelled. */
  pickDataFile(kind?: 'file' | 'folder'): Promise<PickedData | null>;
  /**
   * Menu commands (Electron's menu; a browser has none and never calls back). Returns the
   * unsubscribe function. Keyboard shortcuts are the UI's own: handle them with preventDefault,
   * and Electron's menu accelerator for the same keys does not fire a second time.
   */
  onMenuCommand(cb: (command: MenuCommand) => void): () => void;
  /** The document's name and whether it has unsaved changes: the window title, and the close guard. */
  setDirty(dirty: boolean, title: string): void;
  /**
   * Closing with unsaved changes. Electron: `cb` is asked and the window closes only if it
   * resolves true (it may show a dialog, save, or cancel). A browser cannot wait for a
   * callback while a tab closes: it shows its own "leave site?" prompt whenever setDirty(true)
   * was the last call, and `cb` is not called. Returns the unsubscribe function.
   */
  onBeforeClose(cb: () => boolean | Promise<boolean>): () => void;
}

export const PRODUCT_NAME = 'Pretrain Lab';

/** "• name — Pretrain Lab": the title both platforms show. */
export function documentTitle(title: string, dirty: boolean): string {
  return `${dirty ? '• ' : ''}${title.trim() || 'Untitled'} — ${PRODUCT_NAME}`;
}

/** A person closing a dialog: not an error. */
export function isCancel(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

/** The name a save proposes: the graph's name, ending in .graph.json, without characters file systems refuse. */
export function graphFileName(suggested: string | undefined): string {
  const base = (suggested ?? '').replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().replace(/^\.+/, '') || 'untitled';
  return /\.json$/i.test(base) ? base : `${base}.graph.json`;
}

/** The name an exported program proposes: the graph's name as a lowercase slug, ending in `extension`. */
export function programFileName(graphName: string | undefined, extension = '.ts'): string {
  const slug = (graphName ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return `${slug || 'program'}${extension}`;
}
