import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { initNodeBackend } from '../engine/backend/node-backend.js';
import { compileGraph } from '../engine/compile/compile.js';
import { GraphError, NodeRunError } from '../engine/core/diagnostics.js';
import { createNodeDataSource } from '../engine/data/node-data-source.js';
import type { TrainingProgram } from '../engine/compile/program-types.js';
import { train, TrainingError } from '../engine/train/trainer.js';
import { DirectoryCheckpointStore, loadCheckpoint } from '../engine/train/node-checkpoint-store.js';
import type { Checkpoint } from '../engine/train/checkpoint.js';
import { writeRunFiles } from '../engine/train/node-run-folder.js';
import { createRegistry } from '../graph-nodes/index.js';
import type { NodeRunEvent } from './ipc-contract.js';
import type { ExportJob, StartJob } from './tfjs-node-protocol.js';
import { trainWithTorch } from '../engine/export-torch/node-torch-train.js';
import { writeTorchProgram } from '../engine/export-torch/node-torch-export.js';
import { readPythonSource } from '../engine/export-torch/bundled-python-sources.js';

/**
 * One training run on a Node backend, as the CLI's `train` does it (same run folder: graph.json,
 * events.jsonl, checkpoints), reporting through `emit` instead of stdout. Runs inside the
 * tfjs-node utility process; plain Node, so tests drive it directly. Resolves true when the run
 * ended with `done`; every failure has been reported as an `error` event by then.
 * With `resume`, as `train --resume RUN_DIR`: the run in `runDir` goes on from its latest
 * checkpoint, with the graph saved there (whatever `doc` says), on either backend.
 */
export async function runTrainingJob(job: StartJob, emit: (e: NodeRunEvent) => void, signal: AbortSignal): Promise<boolean> {
  const fail = (message: string, nodeId: string | null = null, port?: string) => {
    emit({ event: 'error', step: 0, nodeId, ...(port ? { port } : {}), message });
    return false;
  };
  let resume: Checkpoint | undefined;
  if (job.resume) {
    try {
      resume = await loadCheckpoint(job.runDir);
    } catch (e) {
      return fail(`cannot resume the run in "${job.runDir}": ${(e as Error).message}`);
    }
    job = { ...job, doc: resume.manifest.graph, steps: job.steps ?? resume.manifest.totalSteps };
  }
  if (job.backend === 'pytorch') return runTorchJob(job, emit, signal, resume);
  let backend: string;
  try {
    backend = await initNodeBackend(job.backend);
  } catch (e) {
    return fail((e as Error).message);
  }
  emit({ event: 'backend', backend, tried: [] });

  let program: TrainingProgram;
  try {
    program = await compileGraph(job.doc, {
      registry: createRegistry(),
      data: createNodeDataSource(),
      ...(resume ? { savedStates: resume.manifest.sourceStates } : {}),
      onProgress: (nodeId, message) => emit({ event: 'progress', message: `${nodeId}: ${message}` }),
    });
  } catch (e) {
    return reportError(e, emit);
  }

  try {
    await mkdir(job.runDir, { recursive: true });
    await writeRunFiles(job.runDir, job.doc, program.sourceStates);
  } catch (e) {
    program.dispose();
    return fail(`cannot write the run folder "${job.runDir}": ${(e as Error).message}`);
  }
  // one stream, so the log keeps the events' order
  const log = createWriteStream(join(job.runDir, 'events.jsonl'), { flags: 'a' });
  try {
    await train({
      program,
      steps: job.steps,
      signal,
      store: new DirectoryCheckpointStore(job.runDir),
      ...(resume ? { resume } : {}),
      onEvent: (e) => {
        log.write(JSON.stringify(e) + '\n');
        emit(e);
      },
    });
    return true;
  } catch (e) {
    // the trainer has reported its own errors as events; anything else is reported here
    if (!(e instanceof TrainingError)) fail((e as Error).message);
    return false;
  } finally {
    program.dispose();
    log.end();
    await finished(log).catch(() => {});
  }
}

/** Errors the engine pins to nodes, as the run's error events. */
function reportError(e: unknown, emit: (e: NodeRunEvent) => void): false {
  const one = (message: string, nodeId: string | null = null, port?: string) => emit({ event: 'error', step: 0, nodeId, ...(port ? { port } : {}), message });
  if (e instanceof GraphError) for (const d of e.diagnostics.filter((x) => x.severity === 'error')) one(d.message, d.nodeId, d.port);
  else if (e instanceof NodeRunError) one(e.message, e.nodeId, e.port);
  else one((e as Error).message ?? String(e));
  return false;
}

/**
 * A run on the `pytorch` backend: the graph exported into the run folder and trained by the local
 * Python (what `pretrain-lab train --backend pytorch` does), its events passed on as they come.
 * The program writes the run folder itself; a stop reaches it as SIGINT, and it checkpoints.
 */
async function runTorchJob(job: StartJob, emit: (e: NodeRunEvent) => void, signal: AbortSignal, resume?: Checkpoint): Promise<boolean> {
  try {
    // the export compiles the graph once, for its data and weight names: the cpu backend is enough
    await initNodeBackend('cpu');
    emit({ event: 'backend', backend: 'pytorch', tried: [] });
    const result = await trainWithTorch({
      doc: job.doc,
      registry: createRegistry(),
      runDir: job.runDir,
      ...(job.steps !== undefined ? { steps: job.steps } : {}),
      devices: 1,
      ...(resume ? { resume: { sourceStates: resume.manifest.sourceStates } } : {}),
      signal,
      read: readPythonSource,
      onProgress: (nodeId, message) => emit({ event: 'progress', message: `${nodeId}: ${message}` }),
      onEvent: (event) => emit(event),
    });
    if (result.ok) return true;
    if (result.diagnostics.length) return reportError(new GraphError(result.diagnostics), emit);
    // the program's own error events have been passed on; a crash without one is said here
    if ('message' in result && result.message) emit({ event: 'error', step: 0, nodeId: null, message: result.message });
    return false;
  } catch (e) {
    return reportError(e, emit);
  }
}

/**
 * "Export .py" in the desktop app: the graph as a PyTorch program at `programFile` and its data
 * folder (PROGRAM.data/) beside it, as `pretrain-lab export --target pytorch` writes them.
 */
export async function runExportJob(job: ExportJob, emit: (e: NodeRunEvent) => void): Promise<boolean> {
  try {
    await initNodeBackend('cpu');
    const r = await writeTorchProgram(job.doc, createRegistry(), job.programFile, {
      onProgress: (nodeId, message) => emit({ event: 'progress', message: `${nodeId}: ${message}` }),
      read: readPythonSource,
    });
    emit({ event: 'progress', message: `wrote ${job.programFile} (${r.lines} lines) and ${r.dataDir}` });
    return true;
  } catch (e) {
    return reportError(e, emit);
  }
}
