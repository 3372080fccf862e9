import { join } from 'node:path';
import { GraphError, NodeRunError, type Diagnostic } from '../core/diagnostics.js';
import type { GraphDocument } from '../core/graph-document.js';
import type { ReadSource } from '../export/library.js';
import type { NodeRegistry } from '../registry/registry.js';
import type { TrainEvent } from '../train/events.js';
import { writeTorchProgram } from './node-torch-export.js';
import { findTorchPythonAsync, noTorchPython, runRanks } from './node-python.js';

/**
 * Training a graph with PyTorch: export it into the run folder (RUN/pytorch/program.py and its
 * data), run that with the local Python on `devices` ranks, and pass its JSON event lines on.
 * The program writes the run folder itself (events.jsonl, graph.json, ckpt-N/) in the engine's
 * layout. The CLI's `train --backend pytorch` and the desktop app's "PyTorch (local Python)"
 * backend both run this; each reports in its own way.
 */
export interface TorchTrainOptions {
  doc: GraphDocument;
  registry: NodeRegistry;
  runDir: string;
  steps?: number;
  devices: number;
  /** the program's --fsdp: weights, gradients and Adam's moments sharded over the ranks (torch 2.1 on) */
  fsdp?: boolean;
  /** one of the program's events, as it printed it (parsed, and the line itself) */
  onEvent(event: TrainEvent, line: string): void;
  /** what the export is doing (reading the corpus, building the tokenizer) */
  onProgress?(nodeId: string, message: string): void;
  /** a line the program printed that is no event (a library's warning) */
  onOutput?(line: string): void;
  /** stops every rank (SIGINT: the program checkpoints and ends with `done`) */
  signal?: AbortSignal;
  /** where the Python library files come from: this checkout by default, the app bundles them */
  read?: ReadSource;
  /**
   * continue the run in `runDir` from its latest checkpoint (an engine run or a PyTorch one): the
   * program is exported with the run's data states (its tokenizer), and resumes there
   */
  resume?: { sourceStates: Record<string, unknown> };
}

export type TorchTrainResult =
  | { ok: true }
  /** nothing ran: the graph, the Python or the rank count is wrong (pinned to nodes where it can be) */
  | { ok: false; diagnostics: Diagnostic[] }
  /** the program ran and failed; `message` is set when it ended without saying why in an event */
  | { ok: false; diagnostics: []; message: string | null };

/** The caller has initialised a tfjs backend (cpu is enough): the export compiles the graph once. */
export async function trainWithTorch(o: TorchTrainOptions): Promise<TorchTrainResult> {
  const python = await findTorchPythonAsync();
  if (!python) return { ok: false, diagnostics: [{ nodeId: null, severity: 'error', message: `PyTorch training needs a Python with torch: ${noTorchPython()}` }] };
  const programFile = join(o.runDir, 'pytorch', 'program.py');
  try {
    const { samplesPerBatch, oneRank } = await writeTorchProgram(o.doc, o.registry, programFile, {
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
      ...(o.read ? { read: o.read } : {}),
      ...(o.resume ? { savedStates: o.resume.sourceStates } : {}),
    });
    if (o.devices > 1 && oneRank.length > 0) {
      return { ok: false, diagnostics: oneRank.map((r) => ({ nodeId: r.nodeId, severity: 'error' as const, message: `--devices ${o.devices}: ${r.why}; train it with --devices 1` })) };
    }
    // every rank takes an equal slice of each batch
    if (samplesPerBatch % o.devices !== 0) {
      const message = `--devices ${o.devices}: a batch of ${samplesPerBatch} examples does not split over ${o.devices} ranks; pick a count that divides ${samplesPerBatch}, or change the batch size`;
      return { ok: false, diagnostics: [{ nodeId: null, severity: 'error', message }] };
    }
  } catch (e) {
    if (e instanceof GraphError) return { ok: false, diagnostics: e.diagnostics };
    if (e instanceof NodeRunError) return { ok: false, diagnostics: [e.toDiagnostic()] };
    throw e;
  }
  const args = ['--json', '--out', o.runDir, ...(o.resume ? ['--resume', o.runDir] : []), ...(o.steps !== undefined ? ['--steps', String(o.steps)] : []), ...(o.fsdp ? ['--fsdp'] : [])];
  let reported = false;
  const result = await runRanks(
    python,
    programFile,
    args,
    o.devices,
    (line) => {
      let event: TrainEvent;
      try {
        event = JSON.parse(line) as TrainEvent;
      } catch {
        o.onOutput?.(line);
        return;
      }
      if (event.event === 'error') reported = true;
      o.onEvent(event, line);
    },
    o.signal,
  );
  if (result.code === 0) return { ok: true };
  if (reported) return { ok: false, diagnostics: [], message: null };
  const tail = result.stderr
    .map((s, rank) => (s.trim() ? `rank ${rank}: ${s.trim().split('\n').slice(-8).join('\n')}` : ''))
    .filter(Boolean)
    .join('\n');
  return { ok: false, diagnostics: [], message: `the PyTorch program stopped with exit code ${result.code}${tail ? `:\n${tail}` : ''}` };
}
