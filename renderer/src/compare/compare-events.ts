import type { CompareEvent } from '../../../yardsticks/compare.js';
import type { RunResult } from '../../../yardsticks/compare-summary.js';
import type { GraphDocument } from '../../../engine/core/graph-document.js';
import type { WorkerBackend } from '../run/training-client.js';

/**
 * What the UI asks of a compare in the training worker and what it hears back: the engine's
 * compare events (plan, run, train, measure, result) plus what only the worker reports — the
 * backend it started, a graph that failed (named, with the node at fault where one is), a crash,
 * and the end.
 */

export interface CompareGraphInput {
  /** where it came from: "causal-lm.graph.json" for a sample, the file's name for a file */
  source: string;
  doc: GraphDocument;
}

export interface CompareRequest {
  /** the same id continues the same compare: its measured runs are skipped, a cut run resumes */
  compareId: string;
  graphs: CompareGraphInput[];
  budgetTokens: number;
  seeds: number;
  backend: WorkerBackend;
  /** runs measured before, by run key: given back when a compare is continued */
  completed: Record<string, RunResult>;
}

export type CompareRunEvent =
  | CompareEvent
  | { event: 'backend'; backend: string; tried: { backend: string; error: string }[] }
  /** a graph that could not be compiled, trained or measured: the compare stops, measured runs are kept */
  | { event: 'error'; graph: string | null; graphName: string | null; nodeId: string | null; message: string }
  | { event: 'done'; stopped: boolean }
  | { event: 'crash'; message: string };

export interface CompareHandle {
  readonly compareId: string;
  /** stop at the next step boundary; the run cut short keeps its checkpoint, so Continue resumes it */
  stop(): void;
  /** settles after the last event */
  readonly finished: Promise<void>;
}
