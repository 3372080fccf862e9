import type { GraphDocument } from '../../../engine/core/graph-document.js';
import type { TrainEvent } from '../../../engine/train/events.js';
import type { HostTensor } from '../../../engine/core/host-tensor.js';

/**
 * What the UI needs from training, whatever runs it: a Web Worker in the browser (tfjs on
 * webgpu / webgl / wasm / cpu), or later an Electron utility process on tfjs-node-gpu. The
 * worker implementation lives in renderer/worker/; the run panel and the preview use only this.
 */

/**
 * Where to train. The first five are tfjs backends in the Web Worker. The desktop app adds, in a
 * utility process, `tensorflow` (libtensorflow; CUDA with @tensorflow/tfjs-node-gpu) where that
 * package is installed, and `pytorch` (the graph exported and run by the local Python) where a
 * Python imports torch.
 */
export type BackendChoice = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu' | ProcessBackend;

/** The backends that train outside the browser, in a process the desktop app starts. */
export const PROCESS_BACKENDS = ['tensorflow', 'pytorch'] as const;
export type ProcessBackend = (typeof PROCESS_BACKENDS)[number];
/** What the Web Worker trains on. */
export type WorkerBackend = Exclude<BackendChoice, ProcessBackend>;

export function isProcessBackend(b: BackendChoice): b is ProcessBackend {
  return (PROCESS_BACKENDS as readonly string[]).includes(b);
}

/**
 * Which process backend trained a run, from the backend its events named (`tensorflow`;
 * `pytorch-cpu`, `pytorch-cuda`, ...), or null for a run of the Web Worker: that says where its
 * checkpoints are, in a run folder of the desktop app or in the worker's IndexedDB.
 */
export function processBackendOf(recorded: string | null): ProcessBackend | null {
  if (recorded === 'tensorflow') return 'tensorflow';
  if (recorded === 'pytorch' || recorded?.startsWith('pytorch-')) return 'pytorch';
  return null;
}

/**
 * What Resume trains a stopped run on: the chosen backend where it trains in the same place as the
 * run's checkpoint (a process backend for a run folder, a worker backend for IndexedDB), else the
 * one the run trained on (or, for a run folder, another process backend); null where none is
 * offered here.
 */
export function resumeBackend(recorded: string | null, chosen: BackendChoice, offered: readonly BackendChoice[]): BackendChoice | null {
  const proc = processBackendOf(recorded);
  if (proc) return isProcessBackend(chosen) ? chosen : offered.includes(proc) ? proc : (offered.find(isProcessBackend) ?? null);
  if (!isProcessBackend(chosen)) return chosen;
  return offered.includes(recorded as BackendChoice) ? (recorded as BackendChoice) : 'auto';
}

/** How the run panel names a backend. */
export function backendName(b: BackendChoice): string {
  return b === 'pytorch' ? 'PyTorch (local Python)' : b;
}

export interface RunRequest {
  doc: GraphDocument;
  backend: BackendChoice;
  /** total steps; the optimizer node's when absent */
  steps?: number;
  /** continue the run with this id from its last checkpoint */
  resumeRunId?: string;
}

/**
 * Engine events, plus what only a worker can report: which backends it tried before one
 * started, and a crash of the worker itself (out of memory, a lost GPU device), after which the
 * run is over but the graph and every earlier event are untouched.
 */
export type RunEvent =
  | TrainEvent
  | {
      event: 'backend';
      backend: string;
      tried: { backend: string; error: string }[];
      /** the GPU it runs on, when it runs on one */
      adapter?: string;
      /** why auto settled on a backend that is not a GPU */
      reason?: string;
    }
  | { event: 'progress'; message: string }
  | { event: 'crash'; message: string };

export interface RunHandle {
  readonly runId: string;
  /**
   * ask the run to stop at the next step boundary; it saves a checkpoint and ends with `done`
   * (stopped); asked again, it skips the final evaluation and outputs
   */
  stop(): void;
  /**
   * end the run at once: the training process is stopped (and a fresh one starts for the next
   * call), no further event comes, `finished` settles; checkpoints it saved before are kept
   */
  kill?(): void;
  /** settles after the last event (done, error or crash) */
  readonly finished: Promise<void>;
}

/** One batch stage value, for showing a person what a data/tokenizer/masking node produces. */
export type PreviewValue =
  | { kind: 'text'; text: string }
  /** a corpus split for training: its size, a passage of its training text, the start of its held-out text */
  | {
      kind: 'corpus';
      documents: number;
      trainChars: number;
      valChars: number;
      /** training and held-out are the same text (captions every image shares) */
      shared: boolean;
      passage: string;
      /** where in the training text the passage starts */
      passageAt: number;
      heldOut: string;
    }
  /** a token stream: its first tokens; `total` tokens in the training split, of a `vocabularySize` vocabulary */
  | { kind: 'tokens'; tokens: { id: number; text: string }[]; total?: number; vocabularySize?: number }
  /** an image set: its first training images with their class names */
  | { kind: 'images'; width: number; height: number; count: number; pixels: Float32Array; labels: string[]; train: number; val: number }
  | { kind: 'tensor'; role: string; tensor: HostTensor; tokens?: string[][] };

export interface PreviewResult {
  nodeId: string;
  /** per output port */
  outputs: Record<string, PreviewValue>;
}

export interface TrainingClient {
  /** the backends this client can train on, for the run panel's picker */
  readonly backends: readonly BackendChoice[];
  start(req: RunRequest, onEvent: (e: RunEvent) => void): RunHandle;
  /** run the graph's source and batch stages up to `nodeId` on one real batch */
  preview(doc: GraphDocument, nodeId: string): Promise<PreviewResult>;
  dispose(): void;
}
