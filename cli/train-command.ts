import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { join } from 'node:path';
import { compileGraph } from '../engine/compile/compile.js';
import { GraphError, NodeRunError } from '../engine/core/diagnostics.js';
import { CLI_BACKENDS, initCliBackend, type CliBackendName } from '../engine/backend/node-cli-backend.js';
import { createNodeDataSource } from '../engine/data/node-data-source.js';
import { train, TrainingError } from '../engine/train/trainer.js';
import type { TrainEvent } from '../engine/train/events.js';
import { DirectoryCheckpointStore, loadCheckpoint } from '../engine/train/node-checkpoint-store.js';
import type { Checkpoint } from '../engine/train/checkpoint.js';
import { createRegistry } from '../graph-nodes/index.js';
import { loadGraphFile, printDiagnostics } from './load-graph-file.js';
import { intOption, UsageError, type Options } from './command.js';
import { humanReporter } from './progress.js';
import { freeDefaultRunDir, makeDirs, newRunDirProblem, writeRunFiles } from '../engine/train/node-run-folder.js';
import { trainWithPytorch } from './train-pytorch.js';

/** `also`: what a command accepts beside the tfjs backends (train: pytorch), for the message */
export function backendOption(o: Options, also: string[] = []): CliBackendName | undefined {
  const b = o.backend;
  if (b === undefined) return undefined;
  if (!(CLI_BACKENDS as readonly string[]).includes(b as string)) throw new UsageError(`--backend must be one of ${[...CLI_BACKENDS, ...also].join(', ')}, got "${b}"`);
  return b as CliBackendName;
}

export async function trainCommand(pos: string[], o: Options): Promise<number> {
  const resumeDir = o.resume as string | undefined;
  const steps = intOption(o, 'steps', 1);
  const seed = intOption(o, 'seed', 0);
  const pytorch = o.backend === 'pytorch';
  const backendChoice = pytorch ? undefined : backendOption(o, ['pytorch']);
  const devices = intOption(o, 'devices', 1);
  if (devices !== undefined && !pytorch) throw new UsageError('--devices starts PyTorch ranks: use it with --backend pytorch');
  const fsdp = o.fsdp === true;
  if (fsdp && !pytorch) throw new UsageError('--fsdp shards PyTorch ranks: use it with --backend pytorch');
  const json = o.json === true;
  const out = (line: string) => process.stdout.write(line + '\n');

  let resume: Checkpoint | undefined;
  let file = pos[0];
  let doc;
  if (resumeDir) {
    // what a resumed run would silently ignore is refused: it trains its own graph, in its own folder
    if (file !== undefined) throw new UsageError(`--resume continues the run with the graph it was trained on (${join(resumeDir, 'graph.json')}): leave out ${file}`);
    if (o.out !== undefined && o.out !== resumeDir) throw new UsageError('--resume continues the run in its own folder: leave out --out');
    resume = await loadCheckpoint(resumeDir);
    doc = resume.manifest.graph;
    file ??= join(resumeDir, 'graph.json');
  } else {
    const loaded = await loadGraphFile(file!);
    if (!loaded.ok) {
      report(file!, loaded.diagnostics, json);
      return 1;
    }
    doc = loaded.doc;
  }
  if (seed !== undefined) doc = { ...doc, seed };
  // a new run goes into a new or empty folder, said before the data loads: nothing there is touched
  const outProblem = resumeDir || o.out === undefined ? null : await newRunDirProblem(o.out as string);
  if (outProblem) return fail(outProblem, json);
  if (pytorch) {
    const runDir = resumeDir ?? (o.out as string | undefined) ?? (await freeDefaultRunDir(doc));
    return trainWithPytorch({
      file: file!,
      doc,
      runDir,
      ...(steps !== undefined ? { steps } : {}),
      ...(resume ? { resume: { sourceStates: resume.manifest.sourceStates } } : {}),
      devices: devices ?? 1,
      fsdp,
      json,
      report: (d) => report(file!, d, json),
    });
  }
  if (resume) {
    const at = resume.manifest.step;
    const total = steps ?? resume.manifest.totalSteps;
    if (total <= at) return fail(`--resume ${resumeDir}: its checkpoint is at step ${at}, and the run has ${total} steps: give --steps above ${at} to train on`, json);
  }
  const { backend, adapter } = await initCliBackend(backendChoice);
  // the GPU it runs on, said before the data and tokenizer take their time (--json: the start event names the backend)
  if (adapter && !json) process.stderr.write(`webgpu adapter: ${adapter}\n`);
  const runDir = resumeDir ?? (o.out as string | undefined) ?? (await freeDefaultRunDir(doc));

  let program;
  try {
    program = await compileGraph(doc, {
      registry: createRegistry(),
      data: createNodeDataSource(),
      savedStates: resume?.manifest.sourceStates,
      onProgress: json ? undefined : (id, m) => process.stderr.write(`${id}: ${m}\n`),
    });
  } catch (e) {
    if (e instanceof GraphError) return (report(file!, e.diagnostics, json), 1);
    if (e instanceof NodeRunError) return (report(file!, [e.toDiagnostic()], json), 1);
    throw e;
  }
  try {
    await makeDirs(runDir);
  } catch (e) {
    program.dispose();
    return fail(`cannot make the run folder ${runDir}: ${(e as Error).message}`, json);
  }
  await writeRunFiles(runDir, doc, program.sourceStates);
  // One stream, so the log keeps the events' order (separate appends may land out of order).
  const log = createWriteStream(join(runDir, 'events.jsonl'), { flags: 'a' });
  const human = json ? null : humanReporter(process.stdout);
  const onEvent = (e: TrainEvent) => {
    const line = JSON.stringify(e);
    log.write(line + '\n');
    if (json) out(line);
    else human!(e);
  };
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  let failed = false;
  try {
    await train({ program, steps: steps ?? resume?.manifest.totalSteps, onEvent, signal: controller.signal, store: new DirectoryCheckpointStore(runDir), resume });
    if (!json) process.stdout.write(`run folder: ${runDir} (backend ${backend})\n`);
    return 0;
  } catch (e) {
    failed = true;
    if (e instanceof TrainingError) {
      if (!json) printDiagnostics(file!, [{ nodeId: e.nodeId, ...(e.port ? { port: e.port } : {}), severity: 'error', message: e.message }], process.stderr);
      return 1;
    }
    throw e;
  } finally {
    process.off('SIGINT', stop);
    try {
      program.dispose();
    } catch (e) {
      // a backend that crashed (wasm's Aborted()) cannot free what it held: its own error is the one to report
      if (!failed) throw e;
    }
    log.end();
    await finished(log);
  }
}

/** A problem with no node to pin it on (the run folder): exit 1, said as report() says the rest. */
function fail(message: string, json: boolean): number {
  if (json) process.stdout.write(JSON.stringify({ event: 'error', step: 0, nodeId: null, message }) + '\n');
  else process.stderr.write(`pretrain-lab train: ${message}\n`);
  return 1;
}

function report(file: string, diagnostics: import('../engine/core/diagnostics.js').Diagnostic[], json: boolean): void {
  if (json) {
    for (const d of diagnostics) process.stdout.write(JSON.stringify({ event: 'error', step: 0, nodeId: d.nodeId, ...(d.port ? { port: d.port } : {}), message: d.message }) + '\n');
  } else printDiagnostics(file, diagnostics, process.stderr);
}
