import { addNode, addNote, copyFragment, isFragment, pasteFragment, removeItems, type Fragment } from '../document/edits.js';
import { graphStore, registry } from '../document/graph-store.js';
import { viewStore } from '../view/view-store.js';
import { edgeId } from '../canvas/flow-model.js';

/**
 * Commands on the selection: add (and select), copy, paste, duplicate, delete, select all.
 *
 * Copy and paste of nodes and notes. The app keeps its own clipboard (so paste works without
 * clipboard permissions) and also writes the JSON to the system clipboard when it may, so a
 * fragment can be pasted into another window of the app.
 */
let clipboard: Fragment | null = null;
let pastes = 0;

export function copySelection(): boolean {
  const ids = viewStore.getState().selection;
  const f = copyFragment(graphStore.doc, ids);
  if (f.nodes.length === 0 && f.notes.length === 0) return false;
  clipboard = f;
  pastes = 0;
  void navigator.clipboard?.writeText(JSON.stringify(f)).catch(() => {});
  return true;
}

export async function paste(): Promise<void> {
  let f = clipboard;
  try {
    const text = await navigator.clipboard?.readText();
    const parsed = text ? JSON.parse(text) : null;
    if (isFragment(parsed)) f = parsed;
  } catch {
    // no permission or not our JSON: use the app's own clipboard
  }
  if (!f) return;
  pastes += 1;
  let ids: string[] = [];
  graphStore.edit((d) => {
    const r = pasteFragment(d, f!, { x: 40 * pastes, y: 40 * pastes });
    ids = r.ids;
    return r.doc;
  });
  viewStore.select(ids);
}

export function duplicateSelection(): void {
  const ids = viewStore.getState().selection;
  const f = copyFragment(graphStore.doc, ids);
  if (f.nodes.length === 0 && f.notes.length === 0) return;
  let created: string[] = [];
  graphStore.edit((d) => {
    const r = pasteFragment(d, f, { x: 40, y: 40 });
    created = r.ids;
    return r.doc;
  });
  viewStore.select(created);
}

export function deleteSelection(): void {
  const ids = viewStore.getState().selection;
  if (ids.size === 0) return;
  const doc = graphStore.doc;
  const edges = doc.edges.filter((e) => ids.has(edgeId(e)));
  graphStore.edit((d) => removeItems(d, ids, edges));
  viewStore.select([]);
}

export function selectAll(): void {
  const doc = graphStore.doc;
  viewStore.select([...doc.nodes.map((n) => n.id), ...doc.notes.map((n) => n.id)]);
}

/** Add a node of `type` at `at` (flow coordinates) as one undo step, and select it. */
export function addNodeAt(type: string, at: { x: number; y: number }): string {
  let id = '';
  graphStore.edit((d) => {
    const r = addNode(d, registry, type, at);
    id = r.id;
    return r.doc;
  });
  viewStore.select([id]);
  return id;
}

/** Add a note at `at` as one undo step, and select it so the inspector can edit it. */
export function addNoteAt(text: string, at: { x: number; y: number }): string {
  let id = '';
  graphStore.edit((d) => {
    const r = addNote(d, text, at);
    id = r.id;
    return r.doc;
  });
  viewStore.select([id]);
  return id;
}
