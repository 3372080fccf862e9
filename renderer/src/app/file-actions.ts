import { getPlatform } from '../platform/index.js';
import { isCancel, programFileName, type FileHandle, type RecentFile } from '../platform/platform.js';
import { graphStore } from '../document/graph-store.js';
import { emptyDocument } from '../document/edits.js';
import { parseGraph, serializeGraph } from '../../../engine/core/serialize.js';
import { viewStore } from '../view/view-store.js';
import { workerClient } from '../run/client.js';

/**
 * New, open, save, save as, recent files and the data-file picker, over whichever platform hosts
 * the app. A file that cannot be read or parsed is reported and the open graph stays as it was.
 */
let handle: FileHandle | null = null;

function confirmDiscard(): boolean {
  // text in the JSON tab that does not parse is not in the graph yet: its guard asks about it
  if (!viewStore.mayLeave()) return false;
  return !graphStore.dirty || confirm('This graph has unsaved changes. Discard them?');
}

function report(e: unknown, what: string): void {
  if (isCancel(e)) return;
  viewStore.toast(`${what}: ${e instanceof Error ? e.message : String(e)}`, 'error');
}

function load(text: string, h: FileHandle): void {
  let doc;
  try {
    doc = parseGraph(text);
  } catch (e) {
    // the current graph is untouched: nothing the person made is lost to a bad file
    return report(e, `${h.name} cannot be opened`);
  }
  handle = h;
  graphStore.open(doc, h.name, doc);
  viewStore.select([]);
}

export function newGraph(): void {
  if (!confirmDiscard()) return;
  handle = null;
  const fresh = emptyDocument();
  graphStore.open(fresh, null, fresh);
  viewStore.select([]);
}

/** Open a graph that does not come from a file (a sample): saving it asks where. */
export function openUnsaved(doc: ReturnType<typeof emptyDocument>): boolean {
  if (!confirmDiscard()) return false;
  handle = null;
  graphStore.open(doc, null, doc);
  viewStore.select([]);
  return true;
}

export async function openGraph(): Promise<void> {
  if (!confirmDiscard()) return;
  try {
    const opened = await getPlatform().openGraph();
    if (opened) load(opened.text, opened.handle);
  } catch (e) {
    report(e, 'Open failed');
  }
}

export async function openRecent(file: RecentFile): Promise<void> {
  if (!confirmDiscard()) return;
  try {
    const opened = await getPlatform().openRecent(file);
    if (opened) load(opened.text, opened.handle);
  } catch (e) {
    report(e, `${file.name} cannot be opened`);
  }
}

export async function saveGraph(as = false): Promise<boolean> {
  const doc = graphStore.doc;
  const text = serializeGraph(doc);
  try {
    const platform = getPlatform();
    const saved = as || !handle ? await platform.saveGraphAs(text, doc.name) : await platform.saveGraph(text, handle);
    if (!saved) return false;
    handle = saved;
    graphStore.markSaved(saved.name);
    viewStore.toast(`Saved ${saved.name}`);
    return true;
  } catch (e) {
    report(e, 'Save failed');
    return false;
  }
}

/**
 * The graph as a standalone TypeScript program, saved where the person chooses (the TypeScript
 * tab's "Export .ts", the File menu). The exporter, its library sources and prettier load only now.
 */
export async function exportTypeScript(): Promise<boolean> {
  try {
    const { programFor } = await import('../typescript/program.js');
    const program = await programFor(graphStore.doc);
    if (!program.ok) {
      viewStore.toast(`Cannot export this graph as TypeScript: ${program.problem}`, 'error');
      return false;
    }
    const saved = await getPlatform().exportText(program.text, program.fileName);
    if (!saved) return false;
    viewStore.toast(`Exported ${saved}`);
    return true;
  } catch (e) {
    report(e, 'Export failed');
    return false;
  }
}

let exporting = false;

/**
 * The graph as a PyTorch program (NAME.py and its data folder NAME.data/), saved where the person
 * chooses (the TypeScript tab's "Export .py", the File menu): the graph's data nodes run for it
 * (the desktop app's training process, or the training worker in a browser, which saves one .zip).
 */
export async function exportPytorch(): Promise<boolean> {
  if (exporting) {
    viewStore.toast('A PyTorch export is already being written');
    return false;
  }
  exporting = true;
  const doc = graphStore.doc;
  const baseName = programFileName(doc.name, '');
  try {
    const done = await getPlatform().exportPytorch(doc, baseName, () => {
      viewStore.toast('Exporting to PyTorch: reading the data and building the tokenizer…');
      return workerClient.exportPytorch(doc);
    });
    if (!done) return false;
    viewStore.toast(`Exported ${done.saved}: ${done.next}`);
    return true;
  } catch (e) {
    const nodeId = (e as { nodeId?: unknown }).nodeId;
    report(typeof nodeId === 'string' ? new Error(`node ${nodeId}: ${(e as Error).message}`) : e, 'Cannot export this graph to PyTorch');
    return false;
  } finally {
    exporting = false;
  }
}

export function recentFiles(): Promise<RecentFile[]> {
  return getPlatform().recentFiles();
}

/**
 * A data node's file picker: the text goes to the training worker under the name the node's
 * `path` setting will hold (the absolute path in Electron, so the CLI can read it too).
 */
export async function pickDataFile(): Promise<{ name: string } | null> {
  const picked = await getPlatform().pickDataFile();
  if (!picked) return null;
  const key = picked.path ?? picked.name;
  const single = picked.files.length === 1 && picked.files[0]!.name === picked.name;
  const files: Record<string, string> = {};
  for (const f of picked.files) files[single ? key : `${key}/${f.name}`] = f.text;
  workerClient.registerUserFiles(files);
  return { name: key };
}
