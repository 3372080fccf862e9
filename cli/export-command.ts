import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { createRegistry } from '../graph-nodes/index.js';
import { GraphError, NodeRunError } from '../engine/core/diagnostics.js';
import { exportGraph } from '../engine/export/export-graph.js';
import { formatProgram } from '../engine/export/format-program.js';
import { readRepoSource } from '../engine/export/node-library-source.js';
import { loadGraphFile, printDiagnostics } from './load-graph-file.js';
import { writeTorchProgram } from '../engine/export-torch/node-torch-export.js';
import { dataFolderOf } from '../engine/export-torch/export-torch.js';
import { dataFolderProblem, programFileProblem } from '../engine/export/node-export-target.js';
import { initNodeBackend } from '../engine/backend/node-backend.js';
import { UsageError, type Options } from './command.js';

/** `pretrain-lab export FILE -o OUT.ts`: the graph as a standalone TypeScript training program. */
export async function exportCommand(pos: string[], o: Options): Promise<number> {
  const file = pos[0]!;
  const out = typeof o.out === 'string' ? o.out : undefined;
  const target = o.target ?? 'typescript';
  if (target === 'pytorch') return exportPytorch(file, out);
  if (target !== 'typescript') throw new UsageError(`--target must be typescript or pytorch, got "${String(target)}"`);
  if (out !== undefined && !out.endsWith('.ts')) throw new UsageError(`the output file must end in .ts: "${out}"`);
  const taken = out === undefined ? null : await replaceProblem(out);
  if (taken) return fail(taken);
  const loaded = await loadGraphFile(file);
  if (!loaded.ok) return printDiagnostics(file, loaded.diagnostics, process.stderr), 1;
  let source: string;
  let omitted: string[];
  try {
    const exported = exportGraph(loaded.doc, { registry: createRegistry(), read: readRepoSource, fileName: out ? basename(out) : 'program.ts' });
    omitted = exported.omitted;
    source = await formatProgram(exported.source);
  } catch (e) {
    if (e instanceof GraphError) return printDiagnostics(file, e.diagnostics, process.stderr), 1;
    if (e instanceof NodeRunError) return printDiagnostics(file, [e.toDiagnostic()], process.stderr), 1;
    throw e;
  }
  if (out === undefined) {
    process.stdout.write(source);
    return 0;
  }
  await mkdir(dirname(out) || '.', { recursive: true });
  await writeFile(out, source);
  process.stderr.write(`${out}: ${source.split('\n').length} lines${omitted.length ? ` (output nodes not exported: ${omitted.join(', ')})` : ''}\n`);
  return 0;
}

/** `--target pytorch`: the program and its data folder (the data nodes run now, in the engine). */
async function exportPytorch(file: string, out: string | undefined): Promise<number> {
  if (out === undefined || !out.endsWith('.py')) throw new UsageError(out === undefined ? 'give the program file: -o OUT.py (its data goes to OUT.data/)' : `the output file must end in .py: "${out}"`);
  const taken = await replaceProblem(out, dataFolderOf(out));
  if (taken) return fail(taken);
  const loaded = await loadGraphFile(file);
  if (!loaded.ok) return printDiagnostics(file, loaded.diagnostics, process.stderr), 1;
  await initNodeBackend('cpu');
  try {
    const { lines, dataDir } = await writeTorchProgram(loaded.doc, createRegistry(), out);
    process.stderr.write(`${out}: ${lines} lines; its data in ${dataDir}/\n`);
    return 0;
  } catch (e) {
    if (e instanceof GraphError) return printDiagnostics(file, e.diagnostics, process.stderr), 1;
    if (e instanceof NodeRunError) return printDiagnostics(file, [e.toDiagnostic()], process.stderr), 1;
    throw e;
  }
}

/** -o names a new file or an earlier export (and its data folder, for PyTorch): anything else is the user's, and stays. */
async function replaceProblem(programFile: string, dataDir?: string): Promise<string | null> {
  return (await programFileProblem(programFile)) ?? (dataDir === undefined ? null : await dataFolderProblem(dataDir, programFile));
}

function fail(message: string): number {
  process.stderr.write(`pretrain-lab export: -o: ${message}\n`);
  return 1;
}
