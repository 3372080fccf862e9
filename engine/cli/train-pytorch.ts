import { join } from 'node:path';
import { GraphError, NodeRunError } from '../core/diagnostics.js';
import type { Diagnostic } from '../core/diagnostics.js';
import type { GraphDocument } from '../core/graph-document.js';
import { initNodeBackend } from '../backend/node-backend.js';
import { writeTorchProgram } from '../export-torch/node-torch-export.js';
import { findTorchPython, pythonCandidates, runRanks } from '../export-torch/node-python.js';
import type { TrainEvent } from '../train/events.js';
import { createRegistry } from '../../graph-nodes/index.js';
import { humanReporter } from './progress.js';

export interface PytorchTrainOptions {
  file: string;
  doc: GraphDocument;
  runDir: string;
  steps?: number;
  devices: number;
  json: boolean;
  report(diagnostics: Diagnostic[]): void;
}

/**
 * `train --backend pytorch`: the graph exported into the run folder (RUN/pytorch/program.py and
 * its data), run with the local Python on `devices` ranks, its events streamed as this
 * command's own. The program writes the run folder itself (events.jsonl, graph.json, ckpt-N/),
 * in the engine's layout.
 */
export async function trainWithPytorch(o: PytorchTrainOptions): Promise<number> {
  const python = findTorchPython();
  if (!python) {
    const message = `--backend pytorch needs a Python that imports torch and numpy; none of ${pythonCandidates().join(', ')} does (Debian: apt-get install -y python3-torch; or set PRETRAIN_LAB_PYTHON)`;
    o.report([{ nodeId: null, severity: 'error', message }]);
    return 1;
  }
  const programFile = join(o.runDir, 'pytorch', 'program.py');
  // the engine compiles the graph once for its data and weight names; its cpu backend is enough
  await initNodeBackend('cpu');
  try {
    const { samplesPerBatch, oneRank } = await writeTorchProgram(o.doc, createRegistry(), programFile, o.json ? undefined : (id, m) => process.stderr.write(`${id}: ${m}\n`));
    if (o.devices > 1 && oneRank.length > 0) {
      o.report(oneRank.map((r) => ({ nodeId: r.nodeId, severity: 'error' as const, message: `--devices ${o.devices}: ${r.why}; train it with --devices 1` })));
      return 1;
    }
    // every rank takes an equal slice of each batch
    if (samplesPerBatch % o.devices !== 0) {
      o.report([
        {
          nodeId: null,
          severity: 'error',
          message: `--devices ${o.devices}: a batch of ${samplesPerBatch} examples does not split over ${o.devices} ranks; pick a count that divides ${samplesPerBatch}, or change the batch size`,
        },
      ]);
      return 1;
    }
  } catch (e) {
    if (e instanceof GraphError) return (o.report(e.diagnostics), 1);
    if (e instanceof NodeRunError) return (o.report([e.toDiagnostic()]), 1);
    throw e;
  }
  const human = o.json ? null : humanReporter(process.stdout);
  const args = ['--json', '--out', o.runDir, ...(o.steps !== undefined ? ['--steps', String(o.steps)] : [])];
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  let failed: string | null = null;
  try {
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
          // the program's own prints (a library's warning) are not events
          process.stderr.write(line + '\n');
          return;
        }
        if (event.event === 'error') failed = event.message;
        if (o.json) process.stdout.write(line + '\n');
        else human!(event);
      },
      controller.signal,
    );
    if (result.code !== 0 && !failed) {
      const tail = result.stderr
        .map((s, rank) => (s.trim() ? `rank ${rank}: ${s.trim().split('\n').slice(-8).join('\n')}` : ''))
        .filter(Boolean)
        .join('\n');
      const message = `the PyTorch program stopped with exit code ${result.code}${tail ? `:\n${tail}` : ''}`;
      if (o.json) process.stdout.write(JSON.stringify({ event: 'error', step: 0, nodeId: null, message }) + '\n');
      else process.stderr.write(`${o.file}: ${message}\n`);
    }
    if (!o.json && result.code === 0) process.stdout.write(`run folder: ${o.runDir} (backend pytorch, ${o.devices} rank${o.devices > 1 ? 's' : ''}; program in ${programFile})\n`);
    return result.code === 0 ? 0 : 1;
  } finally {
    process.off('SIGINT', stop);
  }
}
