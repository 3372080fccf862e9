import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { initNodeBackend, NODE_BACKENDS, type NodeBackendName } from '../backend/node-backend.js';
import type { MetricAccumulator, StepContext } from '../runtime/step.js';
import { evalStep, trainingStep } from '../runtime/step.js';
import type { NamedVariable } from '../runtime/variables.js';
import { outputText, type EvalOutput } from '../runtime/forward-model.js';
import { adamWFor } from './adamw.js';
import { heldOutEvaluation, type ObserveNode } from './held-out.js';
import { optimizerStep } from './optimizer-step.js';
import { learningRate } from './schedule.js';
import type { TrainerSettings } from './trainer-settings.js';

/**
 * The training loop of exported programs. The engine's trainer (trainer.ts) takes each step
 * through the same optimizerStep, learningRate, trainingStep and heldOutEvaluation.
 */


/** A model as an exported program builds it: its weights, and the loss on a batch. */
export interface ProgramModel<Batch> {
  variables: NamedVariable[];
  forward(batch: Batch, step: StepContext, observe?: ObserveNode): tf.Scalar;
  /** fresh accumulators for the nodes that keep held-out metrics */
  metrics(): Map<string, MetricAccumulator>;
  /** tokens the model reads in a batch (for tokens/s) */
  tokensPerBatch(batch: Batch): number;
  /** examples in a batch (for samples/s) */
  samplesPerBatch(batch: Batch): number;
  /** the output nodes, by id: each runs on the trained model */
  outputs: Record<string, () => Promise<EvalOutput>>;
}

export interface ProgramParts<Data, Batch> {
  seed: number;
  settings: TrainerSettings;
  prepareData(): Promise<Data>;
  drawBatch(data: Data, split: 'train' | 'val', index: number): Batch;
  buildModel(data: Data): ProgramModel<Batch>;
}

/** One line a person can read, for a run without --json. */
function describeEvent(e: Record<string, unknown>): string {
  const n = (v: unknown, digits = 4) => (typeof v === 'number' ? v.toFixed(digits) : String(v));
  const metrics = (m: unknown) => Object.entries(m as Record<string, number>).map(([k, v]) => ` ${k} ${n(v, 3)}`).join('');
  switch (e.event) {
    case 'start':
      return `training ${e.totalSteps} steps on ${e.backend}: ${e.parameters} parameters`;
    case 'step':
      return `step ${e.step}  loss ${n(e.loss)}  lr ${(e.lr as number).toExponential(2)}  ${(e.tokensPerSec as number) > 0 ? `${Math.round(e.tokensPerSec as number)} tokens/s` : `${Math.round(e.samplesPerSec as number)} samples/s`}`;
    case 'eval':
      return `step ${e.step}  held-out loss ${n(e.valLoss)}${metrics(e.metrics)}`;
    case 'output': {
      const o = e.output as EvalOutput;
      return `${o.title} (node ${e.nodeId}):\n${outputText(o, ' | ')}`;
    }
    case 'done':
      return `done at step ${e.step}: held-out loss ${n(e.valLoss)}${metrics(e.metrics)}`;
    default:
      return JSON.stringify(e);
  }
}

/**
 * Train as `pretrain-lab train` does — AdamW on the optimizer node's schedule, evaluating as it
 * goes — reading --steps, --backend and --json from the command line, printing the same
 * start/step/eval/done JSON lines with --json.
 */
export async function trainFromCommandLine<Data, Batch>(p: ProgramParts<Data, Batch>): Promise<void> {
  const json = process.argv.includes('--json');
  try {
    await trainProgram(p);
  } catch (e) {
    // a clear line, not a stack trace: a missing corpus file, a bad --steps, a run folder that is not there
    const message = e instanceof Error ? e.message : String(e);
    if (json) console.log(JSON.stringify({ event: 'error', step: 0, nodeId: null, message }));
    else console.error(`error: ${message}`);
    process.exitCode = 1;
  }
}

async function trainProgram<Data, Batch>(p: ProgramParts<Data, Batch>): Promise<void> {
  const { values: args } = parseArgs({ options: { steps: { type: 'string' }, backend: { type: 'string' }, json: { type: 'boolean' } } });
  const print = (e: Record<string, unknown>) => console.log(args.json ? JSON.stringify(e) : describeEvent(e));
  const backendChoice = args.backend as NodeBackendName | undefined;
  if (backendChoice !== undefined && !NODE_BACKENDS.includes(backendChoice)) throw new Error(`--backend must be one of ${NODE_BACKENDS.join(', ')}`);
  const backend = await initNodeBackend(backendChoice);
  const settings = p.settings;
  const totalSteps = args.steps === undefined ? settings.steps : Number(args.steps);
  if (!Number.isInteger(totalSteps) || totalSteps < 1) throw new Error('--steps must be a whole number of at least 1');

  const data = await p.prepareData();
  const model = p.buildModel(data);
  const weights = model.variables.map((v) => v.variable);
  const optimizer = adamWFor(model.variables, settings);
  const firstBatch = p.drawBatch(data, 'train', 0);
  const tokensPerBatch = model.tokensPerBatch(firstBatch);
  const samplesPerBatch = model.samplesPerBatch(firstBatch);
  const parameters = weights.reduce((n, w) => n + w.size, 0);
  print({ event: 'start', step: 0, totalSteps, backend, parameters, tokensPerBatch, samplesPerBatch });

  let lastEval: { step: number; valLoss: number; metrics: Record<string, number> } | undefined;
  const evaluate = async (step: number) => {
    const r = await heldOutEvaluation(settings.evalBatches, model.metrics(), (i, observe) => model.forward(p.drawBatch(data, 'val', i), evalStep(i), observe));
    lastEval = { step, ...r };
    print({ event: 'eval', step, valLoss: r.valLoss, metrics: r.metrics });
  };
  let trainMs = 0;
  for (let step = 1; step <= totalSteps; step++) {
    const t0 = performance.now();
    const batch = p.drawBatch(data, 'train', step);
    const ctx = trainingStep(p.seed, step);
    const lr = learningRate(settings, step, totalSteps);
    const { loss, gradNorm } = await optimizerStep(() => model.forward(batch, ctx), weights, optimizer, lr);
    if (!Number.isFinite(loss)) {
      print({ event: 'error', step, nodeId: null, message: `the loss became ${loss} at step ${step}` });
      process.exitCode = 1;
      return;
    }
    trainMs += performance.now() - t0;
    const msPerStep = trainMs / step;
    print({
      event: 'step',
      step,
      loss,
      lr,
      gradNorm,
      tokensPerSec: (tokensPerBatch * 1000) / msPerStep,
      samplesPerSec: (samplesPerBatch * 1000) / msPerStep,
      etaSeconds: ((totalSteps - step) * msPerStep) / 1000,
    });
    if (step % settings.evalInterval === 0 && step < totalSteps) await evaluate(step);
  }
  if (!lastEval || lastEval.step !== totalSteps) await evaluate(totalSteps);
  for (const [nodeId, run] of Object.entries(model.outputs)) print({ event: 'output', step: totalSteps, nodeId, output: await run() });
  print({ event: 'done', step: totalSteps, valLoss: lastEval!.valLoss, metrics: lastEval!.metrics, backend, checkpoint: null, stopped: false });
  optimizer.dispose();
}
