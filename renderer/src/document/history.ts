import type { GraphDocument } from '../../../engine/core/graph-document.js';

/**
 * The document and its undo history. Edits that arrive under the same `coalesce` key in a row
 * (a drag's many moves, typing into one field) become one undo step.
 */
export interface HistoryState {
  doc: GraphDocument;
  past: GraphDocument[];
  future: GraphDocument[];
  /** the key of the last edit, when it may merge with the next */
  lastKey: string | null;
}

const LIMIT = 200;

export function initialHistory(doc: GraphDocument): HistoryState {
  return { doc, past: [], future: [], lastKey: null };
}

export function commit(h: HistoryState, next: GraphDocument, coalesce: string | null = null): HistoryState {
  if (next === h.doc) return h;
  if (coalesce !== null && coalesce === h.lastKey) return { ...h, doc: next, future: [] };
  return { doc: next, past: [...h.past, h.doc].slice(-LIMIT), future: [], lastKey: coalesce };
}

export function undo(h: HistoryState): HistoryState {
  const prev = h.past.at(-1);
  if (!prev) return h;
  return { doc: prev, past: h.past.slice(0, -1), future: [h.doc, ...h.future], lastKey: null };
}

export function redo(h: HistoryState): HistoryState {
  const next = h.future[0];
  if (!next) return h;
  return { doc: next, past: [...h.past, h.doc], future: h.future.slice(1), lastKey: null };
}
