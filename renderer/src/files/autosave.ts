import type { GraphDocument } from '../../../engine/core/graph-document.js';
import { loadGraph } from '../../../engine/core/serialize.js';
import type { GraphStore } from '../document/graph-store.js';

/**
 * Crash recovery. Every change is written to localStorage (synchronously, a moment after the
 * last edit), with what the file on disk holds; if the app or tab dies with unsaved changes, the
 * next start finds a snapshot that differs from its saved version and offers it back.
 */
const KEY = 'pretrain-lab/autosave/v1';

export interface Snapshot {
  doc: GraphDocument;
  saved: GraphDocument | null;
  fileName: string | null;
  time: number;
}

export function readSnapshot(storage: Storage = localStorage): Snapshot | null {
  const raw = storage.getItem(KEY);
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as Snapshot;
    // through the schema and migrations, like any file: a snapshot from an older version still opens
    return { ...s, doc: loadGraph(s.doc), saved: s.saved ? loadGraph(s.saved) : null };
  } catch {
    return null;
  }
}

/** A snapshot worth offering: it holds changes that never reached a file. */
export function hasUnsavedWork(s: Snapshot | null): s is Snapshot {
  if (!s) return false;
  if ((s.doc.nodes.length === 0 && s.doc.notes.length === 0) || !s.doc) return false;
  return JSON.stringify(s.doc) !== JSON.stringify(s.saved);
}

export function clearSnapshot(storage: Storage = localStorage): void {
  storage.removeItem(KEY);
}

export function startAutosave(store: GraphStore, storage: Storage = localStorage, delayMs = 300): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const write = () => {
    timer = null;
    const s = store.getState();
    const snapshot: Snapshot = { doc: s.history.doc, saved: s.saved, fileName: s.fileName, time: Date.now() };
    try {
      storage.setItem(KEY, JSON.stringify(snapshot));
    } catch {
      // storage full or unavailable: the graph in memory is untouched; nothing else to do here
    }
  };
  const unsubscribe = store.subscribe(() => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(write, delayMs);
  });
  const flush = () => {
    if (timer) {
      clearTimeout(timer);
      write();
    }
  };
  addEventListener('pagehide', flush);
  return () => {
    unsubscribe();
    removeEventListener('pagehide', flush);
    flush();
  };
}
