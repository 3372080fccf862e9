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
import { DirectoryCheckpointStore } from '../engine/train/node-checkpoint-store.js';
import { writeRunFiles } from '../engine/cli/run-folder.js';
import { createRegistry } from '../graph-nodes/index.js';
import type { NodeRunEvent } from './ipc-contract.js';
import type { StartJob } from './tfjs-node-protocol.js';

/**
 * One training run on a Node backend, as the CLI's `train` does it (same run folder: graph.json,
 * events.jsonl, checkpoints), reporting through `emit` instead of stdout. Runs inside the
 * tfjs-node utility process; plain Node, so tests drive it directly. Resolves true when the run
 * ended with `done`; every failure has been reported as an `error` event by then.
 */
export async function runTrainingJob(job: StartJob, emit: (e: NodeRunEvent) => void, signal: AbortSignal): Promise<boolean> {
  const fail = (message: string, nodeId: string | null = null, port?: string) => {
    emit({ event: 'error', step: 0, nodeId, ...(port ? { port } : {}), message });
    return false;
  };
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
      onProgress: (nodeId, message) => emit({ event: 'progress', message: `${nodeId}: ${message}` }),
    });
  } catch (e) {
    if (e instanceof GraphError) {
      for (const d of e.diagnostics.filter((x) => x.severity === 'error')) fail(d.message, d.nodeId, d.port);
      return false;
    }
    if (e instanceof NodeRunError) return fail(e.message, e.nodeId, e.port);
    return fail((e as Error).message);
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
