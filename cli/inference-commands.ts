import { writeFile } from 'node:fs/promises';
import { compileGraph } from '../engine/compile/compile.js';
import { greyscalePng, imageGrid } from './png.js';
import { initCliBackend, type CliBackendName } from '../engine/backend/node-cli-backend.js';
import { createNodeDataSource } from '../engine/data/node-data-source.js';
import { loadCheckpoint } from '../engine/train/node-checkpoint-store.js';
import { restoreCheckpoint } from '../engine/train/checkpoint-io.js';
import type { EvalOutput } from '../engine/registry/define-node.js';
import { OverrideError } from '../engine/core/diagnostics.js';
import { settingsForRun } from '../engine/analysis/params.js';
import type { Checkpoint } from '../engine/train/checkpoint.js';
import type { TrainingProgram } from '../engine/compile/program-types.js';
import { outputText } from '../engine/runtime/forward-model.js';
import { createRegistry } from '../graph-nodes/index.js';
import { intOption, numberOption, UsageError, type Options } from './command.js';
import { backendOption } from './train-command.js';

/**
 * Rebuild a finished run's model (tokenizer from its saved state, weights from the checkpoint) and
 * run one output node, with `overrides` for its settings; a value the node refuses is named as the
 * user gave it: `given[param]` for a positional argument, else the option --param in kebab case.
 */
export async function runOutput(
  runDir: string,
  nodeType: string,
  what: string,
  overrides: Record<string, unknown>,
  o: Options,
  seed?: number,
  given: Record<string, string> = {},
): Promise<EvalOutput> {
  const ckpt = await loadCheckpoint(runDir);
  const doc = ckpt.manifest.graph;
  const node = doc.nodes.find((n) => n.type === nodeType);
  const def = createRegistry().get(nodeType);
  if (!node) throw new Error(`the graph of ${runDir} has no "${def?.title ?? nodeType}" output node, so it cannot ${what}`);
  // a value given here that the node refuses is said now, before a model is built for nothing (the
  // graph's own settings are left to compiling, which names them in their context)
  try {
    if (def) settingsForRun(def, node.id, node.params, overrides);
  } catch (e) {
    if (e instanceof OverrideError) throw asGiven(e, given);
  }
  const program = await compileRun(ckpt, 'inference', backendOption(o));
  try {
    return await program.runEval(node.id, overrides, seed);
  } catch (e) {
    throw e instanceof OverrideError ? asGiven(e, given) : e;
  } finally {
    program.dispose();
  }
}

/** A refused override named as the user gave it: a positional (the text to fill) is input, exit 1; an option's value is usage, exit 2. */
function asGiven(e: OverrideError, given: Record<string, string>): Error {
  const positional = given[e.param];
  if (positional) return new Error(`${positional} ${e.message}`);
  return new UsageError(`--${e.param.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${e.message}`);
}

/** A finished run's graph compiled on `backend`, its tokenizers rebuilt from their saved state and its weights restored. */
export async function compileRun(ckpt: Checkpoint, mode: 'train' | 'inference', backend: CliBackendName | undefined): Promise<TrainingProgram> {
  await initCliBackend(backend);
  const program = await compileGraph(ckpt.manifest.graph, { registry: createRegistry(), data: createNodeDataSource(), mode, savedStates: ckpt.manifest.sourceStates });
  try {
    restoreCheckpoint(ckpt, program);
  } catch (e) {
    program.dispose();
    throw e;
  }
  return program;
}

export function printOutput(out: EvalOutput): void {
  process.stdout.write(outputText(out) + '\n');
}

export async function sampleCommand(pos: string[], o: Options): Promise<number> {
  const overrides: Record<string, unknown> = {};
  if (o.prompt !== undefined) overrides.prompt = o.prompt;
  const tokens = intOption(o, 'tokens', 1);
  if (tokens !== undefined) overrides.tokens = tokens;
  const temperature = numberOption(o, 'temperature');
  if (temperature !== undefined) overrides.temperature = temperature;
  const topK = intOption(o, 'top-k', 0);
  if (topK !== undefined) overrides.topK = topK;
  printOutput(await runOutput(pos[0]!, 'eval/sample-text', 'sample text', overrides, o, intOption(o, 'seed', 0)));
  return 0;
}

export async function fillMaskCommand(pos: string[], o: Options): Promise<number> {
  const overrides: Record<string, unknown> = { text: pos[1] };
  const topK = intOption(o, 'top-k', 1);
  if (topK !== undefined) overrides.topK = topK;
  printOutput(await runOutput(pos[0]!, 'eval/fill-mask', 'fill masks', overrides, o, undefined, { text: 'the text' }));
  return 0;
}

export async function generateCommand(pos: string[], o: Options): Promise<number> {
  const out = typeof o.out === 'string' ? o.out : undefined;
  if (out !== undefined && !out.toLowerCase().endsWith('.png')) throw new UsageError(`the output file must end in .png: "${out}"`);
  const overrides: Record<string, unknown> = {};
  const count = intOption(o, 'count', 1);
  if (count !== undefined) overrides.count = count;
  if (o.sampler !== undefined) {
    if (o.sampler !== 'ddpm' && o.sampler !== 'ddim') throw new UsageError('--sampler must be ddpm or ddim');
    overrides.sampler = o.sampler;
  }
  const steps = intOption(o, 'steps', 1);
  if (steps !== undefined) overrides.steps = steps;
  const columns = intOption(o, 'columns', 1);
  if (columns !== undefined) overrides.columns = columns;
  const result = await runOutput(pos[0]!, 'eval/generate-images', 'generate images', overrides, o, intOption(o, 'seed', 0));
  if (result.kind !== 'images') throw new Error('the output node did not produce images');
  if (out === undefined) {
    printOutput(result);
    return 0;
  }
  const grid = imageGrid(result, intOption(o, 'scale', 1) ?? 2);
  await writeFile(out, greyscalePng(grid.width, grid.height, grid.grey));
  process.stderr.write(`${out}: ${result.title}, a ${grid.width} x ${grid.height} grid\n`);
  return 0;
}
