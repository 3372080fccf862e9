import { useSyncExternalStore } from 'react';
import type { GraphDocument } from '../../../engine/core/graph-document.js';
import { analyzeGraph, type Analysis } from '../../../engine/analysis/validate.js';
import { createRegistry } from '../../../graph-nodes/index.js';
import { commit, initialHistory, redo, undo, type HistoryState } from './history.js';
import { emptyDocument } from './edits.js';

/** The one registry the renderer uses (palette, validation, inspector). */
export const registry = createRegistry();

export interface GraphState {
  history: HistoryState;
  /** what the file on disk holds, or the document as it was opened when it has no file yet; dirty = the document differs from it */
  saved: GraphDocument | null;
  /** where the document lives: a path in Electron, a file name in the browser, null when new */
  fileName: string | null;
  analysis: Analysis;
  /** changes each time a document is opened (new, file, sample, recovered): what a run belongs to */
  documentId: number;
}

type Listener = () => void;

/**
 * The document store: the graph, its undo history, its file, and its analysis (recomputed on
 * every change, so diagnostics on the canvas are always the engine's). View state (selection,
 * viewport, theme) lives elsewhere and is never saved into the document.
 */
export class GraphStore {
  private state: GraphState;
  private readonly listeners = new Set<Listener>();

  constructor(doc: GraphDocument = emptyDocument()) {
    this.state = { history: initialHistory(doc), saved: doc, fileName: null, analysis: analyzeGraph(doc, registry), documentId: 0 };
  }

  subscribe = (l: Listener) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  getState = () => this.state;

  get doc(): GraphDocument {
    return this.state.history.doc;
  }

  get dirty(): boolean {
    return this.state.saved !== this.doc && JSON.stringify(this.state.saved) !== JSON.stringify(this.doc);
  }

  private set(history: HistoryState, extra: Partial<GraphState> = {}) {
    // Moving things changes only the layout, which analysis does not read: keep the old result.
    const prev = this.state.history.doc;
    const same = history.doc === prev || (history.doc.nodes === prev.nodes && history.doc.edges === prev.edges);
    const analysis = same ? this.state.analysis : analyzeGraph(history.doc, registry);
    this.state = { ...this.state, ...extra, history, analysis };
    for (const l of this.listeners) l();
  }

  /** Apply an edit; edits with the same `coalesce` key in a row undo as one. */
  edit(f: (doc: GraphDocument) => GraphDocument, coalesce: string | null = null): void {
    const next = f(this.doc);
    if (next !== this.doc) this.set(commit(this.state.history, next, coalesce));
  }

  undo = () => this.set(undo(this.state.history));
  redo = () => this.set(redo(this.state.history));

  get canUndo() {
    return this.state.history.past.length > 0;
  }
  get canRedo() {
    return this.state.history.future.length > 0;
  }

  /** Open a document (new, loaded, recovered): a fresh history. `saved` says what is on disk. */
  open(doc: GraphDocument, fileName: string | null, saved: GraphDocument | null): void {
    this.set(initialHistory(doc), { fileName, saved, documentId: this.state.documentId + 1 });
  }

  markSaved(fileName: string): void {
    this.state = { ...this.state, saved: this.doc, fileName };
    for (const l of this.listeners) l();
  }
}

export const graphStore = new GraphStore();

export function useGraph<T>(select: (s: GraphState) => T, store: GraphStore = graphStore): T {
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}
