import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { GraphDocument } from '../core/graph-document.js';
import { compileGraph } from '../compile/compile.js';
import type { TrainingProgram } from '../compile/program-types.js';
import { createNodeDataSource } from '../data/node-data-source.js';
import { readRepoSource } from '../export/node-library-source.js';
import type { NodeRegistry } from '../registry/registry.js';
import { exportTorch, torchNodes } from './export-torch.js';
import { engineWeights } from './engine-weights.js';
import { analyzeGraph } from '../analysis/validate.js';
import { GraphError } from '../core/diagnostics.js';

/** Where a program's data folder goes: OUT.py -> OUT.data/ (the program looks there by default). */
export function dataFolderOf(programFile: string): string {
  return programFile.replace(/\.py$/, '') + '.data';
}

/**
 * Compile the graph (running its data nodes: corpus, tokenizer), write the PyTorch program to
 * `programFile` and its data folder beside it. The caller has initialised a tfjs backend: the
 * compile builds the model once, to learn its weights' names and shapes.
 */
export async function writeTorchProgram(doc: GraphDocument, registry: NodeRegistry, programFile: string, onProgress?: (nodeId: string, message: string) => void): Promise<{ lines: number; dataDir: string; samplesPerBatch: number; oneRank: { nodeId: string; why: string }[] }> {
  const analysis = analyzeGraph(doc, registry);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new GraphError(errors);
  torchNodes(analysis);
  const program = await compileGraph(doc, { registry, data: createNodeDataSource(), ...(onProgress ? { onProgress } : {}) });
  try {
    return await writeCompiledTorchProgram(program, programFile);
  } finally {
    program.dispose();
  }
}

/** The same, from a graph compiled already (the parity check trains that very program in the engine). */
export async function writeCompiledTorchProgram(program: TrainingProgram, programFile: string): Promise<{ lines: number; dataDir: string; samplesPerBatch: number; oneRank: { nodeId: string; why: string }[] }> {
  const exported = exportTorch(
    {
      doc: program.doc,
      analysis: program.analysis,
      optimizerNodeId: program.optimizerNodeId,
      evalNodeIds: program.evalNodeIds,
      sourceValues: program.sourceValues,
      sourceStates: program.sourceStates,
      variables: program.variables.map((v) => ({ name: v.name, shape: v.variable.shape })),
      initialWeights: () => engineWeights(program),
    },
    readRepoSource,
  );
  const dataDir = dataFolderOf(programFile);
  await mkdir(dirname(programFile) || '.', { recursive: true });
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  for (const f of exported.files) await writeFile(join(dataDir, f.name), f.bytes);
  await writeFile(programFile, exported.source);
  return { lines: exported.source.split('\n').length, dataDir, samplesPerBatch: program.samplesPerBatch, oneRank: exported.oneRank };
}
