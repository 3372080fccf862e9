import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GraphDocument } from '../core/graph-document.js';
import { encodeSafetensors, type SafeTensor } from '../core/safetensors.js';
import { engineWeights } from './engine-weights.js';
import { compileGraph } from '../compile/compile.js';
import type { TrainingProgram } from '../compile/program-types.js';
import { createNodeDataSource } from '../data/node-data-source.js';
import type { NodeRegistry } from '../registry/registry.js';
import { train } from '../train/trainer.js';
import { writeCompiledTorchProgram } from './node-torch-export.js';
import { runRanks } from './node-python.js';

/**
 * Same semantics, measured: the engine's initial weights and first batches go to the exported
 * PyTorch program (--init-from, --batches-from); both train the same steps; the losses are
 * compared step by step.
 */

export interface ParityResult {
  steps: number;
  /** max over steps of |torch - engine| / |engine| */
  worstRelDiff: number;
  engineLosses: number[];
  torchLosses: number[];
  /** the last held-out evaluation on each side (held-out loss and the loss node's metrics), when the run evaluated */
  engineEval?: Record<string, number>;
  torchEval?: Record<string, number>;
}

type EvalEvent = { event: 'eval'; valLoss: number; metrics?: Record<string, number> };
const evalFigures = (e: EvalEvent) => ({ valLoss: e.valLoss, ...e.metrics });

export function worstRelativeDifference(reference: number[], other: number[]): number {
  if (reference.length !== other.length) return Number.POSITIVE_INFINITY;
  return reference.reduce((worst, r, i) => Math.max(worst, Math.abs(other[i]! - r) / Math.max(Math.abs(r), 1e-12)), 0);
}

export interface ParityOptions {
  registry: NodeRegistry;
  python: string;
  steps: number;
  workDir: string;
  device?: 'cpu' | 'cuda';
  /** torch.compile the program's model: off by default, parity is about what is computed, not how fast */
  compile?: 'yes' | 'no';
  /** change the engine's starting weights before both start from them (a weight that starts at zero, made to matter) */
  adjustStart?(program: TrainingProgram): void;
}

/** The engine's half of a parity check, done: its losses, and the program with the arguments that replay them in PyTorch. */
export interface PreparedParity {
  steps: number;
  /** the exported program, in workDir */
  programFile: string;
  /** its command line (after the file): the engine's initial weights and batches, `steps` steps, JSON lines */
  args: string[];
  engineLosses: number[];
  engineEval?: Record<string, number>;
}

/**
 * The engine's half, on the tfjs backend the caller initialised: export the program, write the
 * engine's initial weights and its batches into `workDir`, and train the engine. Running the
 * program with `args` (one rank) and handing its output lines to parityResult is the other half.
 */
export async function prepareTorchParity(doc: GraphDocument, opts: Omit<ParityOptions, 'python'>): Promise<PreparedParity> {
  await mkdir(opts.workDir, { recursive: true });
  const program = await compileGraph(doc, { registry: opts.registry, data: createNodeDataSource() });
  const batchesDir = join(opts.workDir, 'batches');
  const weightsFile = join(opts.workDir, 'initial.safetensors');
  const programFile = join(opts.workDir, 'program.py');
  const engineLosses: number[] = [];
  let engineEval: Record<string, number> | undefined;
  try {
    opts.adjustStart?.(program);
    await writeCompiledTorchProgram(program, programFile);
    await writeFile(weightsFile, encodeSafetensors(engineWeights(program)));
    await mkdir(batchesDir, { recursive: true });
    for (let step = 1; step <= opts.steps; step++) {
      const batch = program.nextBatch('train', step);
      const tensors = Object.fromEntries([...batch].map(([key, h]) => [key, { dtype: h.dtype, shape: h.shape, data: h.data } as SafeTensor]));
      await writeFile(join(batchesDir, `train-${step}.safetensors`), encodeSafetensors(tensors));
    }
    await train({
      program,
      steps: opts.steps,
      outputs: false,
      onEvent: (e) => {
        if (e.event === 'step') engineLosses.push(e.loss);
        if (e.event === 'eval') engineEval = evalFigures(e as EvalEvent);
      },
    });
  } finally {
    program.dispose();
  }
  const args = [
    '--steps',
    String(opts.steps),
    '--device',
    opts.device ?? 'cpu',
    '--dtype',
    'float32',
    '--compile',
    opts.compile ?? 'no',
    '--json',
    '--no-outputs',
    '--init-from',
    weightsFile,
    '--batches-from',
    batchesDir,
  ];
  return { steps: opts.steps, programFile, args, engineLosses, ...(engineEval ? { engineEval } : {}) };
}

/** The comparison, from the program's JSON output lines (rank 0's stdout). */
export function parityResult(prepared: PreparedParity, lines: string[]): ParityResult {
  const torchLosses: number[] = [];
  let torchEval: Record<string, number> | undefined;
  for (const line of lines) {
    const e = JSON.parse(line) as { event: string; loss?: number };
    if (e.event === 'step') torchLosses.push(e.loss!);
    if (e.event === 'eval') torchEval = evalFigures(e as EvalEvent);
  }
  const { steps, engineLosses, engineEval } = prepared;
  return { steps, worstRelDiff: worstRelativeDifference(engineLosses, torchLosses), engineLosses, torchLosses, ...(engineEval ? { engineEval } : {}), ...(torchEval ? { torchEval } : {}) };
}

/** Run the parity check for one graph in `workDir`, on the tfjs backend the caller initialised. */
export async function torchParity(doc: GraphDocument, opts: ParityOptions): Promise<ParityResult> {
  const prepared = await prepareTorchParity(doc, opts);
  const lines: string[] = [];
  const run = await runRanks(opts.python, prepared.programFile, prepared.args, 1, (line) => lines.push(line));
  if (run.code !== 0) throw new Error(`the exported program failed (exit ${run.code}):\n${run.stderr.join('\n').trim().split('\n').slice(-15).join('\n')}`);
  return parityResult(prepared, lines);
}
