import type { Diagnostic } from '../engine/core/diagnostics.js';
import type { GraphDocument } from '../engine/core/graph-document.js';
import { initNodeBackend } from '../engine/backend/node-backend.js';
import { trainWithTorch } from '../engine/export-torch/node-torch-train.js';
import { createRegistry } from '../graph-nodes/index.js';
import { humanReporter } from './progress.js';
import { join } from 'node:path';

export interface PytorchTrainOptions {
  file: string;
  doc: GraphDocument;
  runDir: string;
  steps?: number;
  devices: number;
  /** shard the ranks (FullyShardedDataParallel) instead of replicating them */
  fsdp: boolean;
  /** continue the run in runDir from its latest checkpoint, with its data states */
  resume?: { sourceStates: Record<string, unknown> };
  json: boolean;
  report(diagnostics: Diagnostic[]): void;
}

/**
 * `train --backend pytorch`: the graph exported into the run folder and run with the local
 * Python on `devices` ranks (export-torch/node-torch-train.ts), its events printed as this
 * command's own; Ctrl-C stops every rank (each checkpoints and ends with `done`).
 */
export async function trainWithPytorch(o: PytorchTrainOptions): Promise<number> {
  // the engine compiles the graph once for its data and weight names; its cpu backend is enough
  await initNodeBackend('cpu');
  const human = o.json ? null : humanReporter(process.stdout);
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  try {
    const result = await trainWithTorch({
      doc: o.doc,
      registry: createRegistry(),
      runDir: o.runDir,
      ...(o.steps !== undefined ? { steps: o.steps } : {}),
      devices: o.devices,
      fsdp: o.fsdp,
      ...(o.resume ? { resume: o.resume } : {}),
      signal: controller.signal,
      ...(o.json ? {} : { onProgress: (id: string, m: string) => process.stderr.write(`${id}: ${m}\n`) }),
      // the program's own prints (a library's warning) are not events
      onOutput: (line) => process.stderr.write(line + '\n'),
      onEvent: (event, line) => (o.json ? process.stdout.write(line + '\n') : human!(event)),
    });
    if (result.ok) {
      if (!o.json) process.stdout.write(`run folder: ${o.runDir} (backend pytorch, ${o.devices} rank${o.devices > 1 ? 's' : ''}; program in ${join(o.runDir, 'pytorch', 'program.py')})\n`);
      return 0;
    }
    if (result.diagnostics.length) o.report(result.diagnostics);
    else if ('message' in result && result.message) {
      if (o.json) process.stdout.write(JSON.stringify({ event: 'error', step: 0, nodeId: null, message: result.message }) + '\n');
      else process.stderr.write(`${o.file}: ${result.message}\n`);
    }
    return 1;
  } finally {
    process.off('SIGINT', stop);
  }
}
