import type { GraphDocument } from '../../../engine/core/graph-document.js';

/** A graph as the standalone TypeScript program `pretrain-lab export` writes, or why it cannot be one. */
export type ProgramResult =
  | {
      ok: true;
      /** the formatted program */
      text: string;
      /** the name it proposes when saved; its usage line names it too */
      fileName: string;
      /** output nodes left out (they only read the trained model) */
      omitted: { id: string; title: string }[];
    }
  | {
      ok: false;
      /** what is wrong, naming the node: "node blocks: setting "blockSize": ..." */
      problem: string;
      nodeId: string | null;
    };

/** What the program depends on: everything in the document but where its nodes sit. */
export function exportKey(doc: GraphDocument): string {
  return JSON.stringify([doc.name, doc.seed, doc.nodes, doc.edges, doc.notes]);
}

/**
 * `build`, remembered for the last document: the tab and "Export .ts" share one export, and
 * moving nodes around writes nothing again.
 */
export function rememberLast(build: (doc: GraphDocument) => Promise<ProgramResult>): (doc: GraphDocument) => Promise<ProgramResult> {
  let last: { key: string; result: Promise<ProgramResult> } | null = null;
  return (doc) => {
    const key = exportKey(doc);
    if (last?.key !== key) last = { key, result: build(doc) };
    return last.result;
  };
}

interface Pending {
  resolve: (r: ProgramResult) => void;
}

/**
 * The exporter runs in a worker of its own (program-worker.ts): prettier takes the better part of
 * a second on a 100 kB program, which on the page would freeze typing in the inspector.
 */
function workerBuilder(): (doc: GraphDocument) => Promise<ProgramResult> {
  let worker: Worker | null = null;
  let next = 1;
  const pending = new Map<number, Pending>();
  const failAll = (problem: string) => {
    for (const p of pending.values()) p.resolve({ ok: false, problem, nodeId: null });
    pending.clear();
    worker?.terminate();
    worker = null; // the next export starts a fresh one
  };
  const start = () => {
    const w = new Worker(new URL('./program-worker.ts', import.meta.url), { type: 'module', name: 'pretrain-lab export' });
    w.onmessage = (e: MessageEvent<{ id: number; result: ProgramResult }>) => {
      pending.get(e.data.id)?.resolve(e.data.result);
      pending.delete(e.data.id);
    };
    w.onerror = (e) => {
      e.preventDefault();
      failAll(`the exporter stopped: ${e.message || 'its worker failed to start'}`);
    };
    return w;
  };
  return (doc) =>
    new Promise<ProgramResult>((resolve) => {
      worker ??= start();
      const id = next++;
      pending.set(id, { resolve });
      worker.postMessage({ id, doc });
    });
}

/** The program for a document, written off the page's thread. */
export const programFor = rememberLast(workerBuilder());
