import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dataFolderProblem } from '../export/node-export-target.js';
import { dirname, join } from 'node:path';
import type { GraphDocument } from '../core/graph-document.js';
import { compileGraph } from '../compile/compile.js';
import type { TrainingProgram } from '../compile/program-types.js';
import { createNodeDataSource } from '../data/node-data-source.js';
import { readRepoSource } from '../export/node-library-source.js';
import type { ReadSource } from '../export/library.js';
import type { NodeRegistry } from '../registry/registry.js';
import { checkTorchExport, compiledGraphOf, dataFolderOf, exportTorch } from './export-torch.js';
import { engineWeights } from './engine-weights.js';


/**
 * Compile the graph (running its data nodes: corpus, tokenizer), write the PyTorch program to
 * `programFile` and its data folder beside it. The caller has initialised a tfjs backend: the
 * compile builds the model once, to learn its weights' names and shapes.
 */
export interface WriteTorchOptions {
  onProgress?(nodeId: string, message: string): void;
  /** where the Python library files come from: this checkout by default, the app bundles them */
  read?: ReadSource;
  /** the data nodes' states a run saved (its tokenizer), so a resumed run reads the very same ids */
  savedStates?: Record<string, unknown>;
}

export async function writeTorchProgram(doc: GraphDocument, registry: NodeRegistry, programFile: string, o: WriteTorchOptions = {}): Promise<{ lines: number; dataDir: string; samplesPerBatch: number; oneRank: { nodeId: string; why: string }[] }> {
  checkTorchExport(doc, registry);
  const program = await compileGraph(doc, {
    registry,
    data: createNodeDataSource(),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    ...(o.savedStates ? { savedStates: o.savedStates } : {}),
  });
  try {
    return await writeCompiledTorchProgram(program, programFile, o.read ?? readRepoSource);
  } finally {
    program.dispose();
  }
}

/** The same, from a graph compiled already (the parity check trains that very program in the engine). */
export async function writeCompiledTorchProgram(program: TrainingProgram, programFile: string, read: ReadSource = readRepoSource): Promise<{ lines: number; dataDir: string; samplesPerBatch: number; oneRank: { nodeId: string; why: string }[] }> {
  const exported = exportTorch(
    compiledGraphOf(program, () => engineWeights(program)),
    read,
  );
  const dataDir = dataFolderOf(programFile);
  // the data folder is replaced whole: only ever one an earlier export wrote (the program file itself is the caller's to check)
  const problem = await dataFolderProblem(dataDir, programFile);
  if (problem) throw new Error(problem);
  await mkdir(dirname(programFile) || '.', { recursive: true });
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  for (const f of exported.files) await writeFile(join(dataDir, f.name), f.bytes);
  await writeFile(programFile, exported.source);
  return { lines: exported.source.split('\n').length, dataDir, samplesPerBatch: program.samplesPerBatch, oneRank: exported.oneRank };
}
