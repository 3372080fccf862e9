import * as tf from '@tensorflow/tfjs';
import { NodeRunError } from '../core/diagnostics.js';
import { backendFailure, backendFailureOf } from '../backend/backend-failure.js';
import { trainingStep } from '../runtime/step.js';
import { optimizerStep } from './optimizer-step.js';
import type { TrainingProgram } from '../compile/program-types.js';
import { adamWFor } from './adamw.js';
import type { Checkpoint, CheckpointStore } from './checkpoint.js';
import type { TrainEvent } from './events.js';
import { learningRate } from './schedule.js';
import { restoreCheckpoint, takeCheckpoint } from './checkpoint-io.js';

export interface TrainOptions {
  program: TrainingProgram;
  /** total steps; defaults to the optimizer node's */
  steps?: number;
  onEvent?(e: TrainEvent): void;
  /**
   * abort to stop after the current step (a checkpoint is still written); aborted once the last
   * step is done, it skips the final evaluation and outputs instead
   */
  signal?: AbortSignal;
  /** abort to skip the final evaluation and outputs (a second Stop): the checkpoint is still written */
  skip?: AbortSignal;
  store?: CheckpointStore;
  resume?: Checkpoint;
  /** run the graph's output nodes at every evaluation, not only at the end */
  outputsAtEveryEval?: boolean;
  /** false: never run output nodes (a run measured by other means, such as compare's yardsticks) */
  outputs?: boolean;
  now?(): number;
}

export interface TrainResult {
  step: number;
  /** training loss of every step run in this call */
  losses: number[];
  valLoss: number;
  metrics: Record<string, number>;
  checkpoint: string | null;
  stopped: boolean;
}

/** A run that cannot go on, pinned to the node that caused it. */
export class TrainingError extends Error {
  constructor(
    message: string,
    readonly step: number,
    readonly nodeId: string | null,
    readonly port?: string,
  ) {
    super(message);
    this.name = 'TrainingError';
  }
}

/**
 * The trainer knows nothing of nodes: it draws batches from the program, differentiates its
 * loss, applies AdamW on the schedule, evaluates, checkpoints, and reports through events.
 */
export async function train(opts: TrainOptions): Promise<TrainResult> {
  const { program } = opts;
  const s = program.settings;
  const total = opts.steps ?? s.steps;
  const now = opts.now ?? (() => performance.now());
  const emit = (e: TrainEvent) => opts.onEvent?.(e);
  const backend = tf.getBackend();
  const varList = program.variables.map((v) => v.variable);
  const opt = adamWFor(program.variables, s);
  let step = 0;
  let lastEval: { step: number; valLoss: number; metrics: Record<string, number> } | undefined;
  if (opts.resume) {
    restoreCheckpoint(opts.resume, program, opt);
    step = opts.resume.manifest.step;
    lastEval = opts.resume.manifest.lastEval;
  }
  const parameters = program.variables.reduce((n, v) => n + v.variable.size, 0);
  emit({ event: 'start', step, totalSteps: total, backend, parameters, tokensPerBatch: program.tokensPerBatch, samplesPerBatch: program.samplesPerBatch });
  for (const w of program.warnings) emit({ event: 'warning', step, nodeId: w.nodeId, message: w.message });

  const losses: number[] = [];
  let checkpoint: string | null = null;
  let stopped = false;
  const save = async () => {
    if (!opts.store) return;
    checkpoint = await opts.store.save(await takeCheckpoint(program, opt, step, total, backend, lastEval));
    emit({ event: 'checkpoint', step, path: checkpoint });
  };
  const evaluate = async (withOutputs: boolean, signal?: AbortSignal) => {
    const r = await program.evaluate(s.evalBatches, signal);
    lastEval = { step, ...r };
    emit({ event: 'eval', step, valLoss: r.valLoss, metrics: r.metrics });
    if (withOutputs) await outputs(signal);
  };
  const outputs = async (signal?: AbortSignal) => {
    if (opts.outputs === false) return;
    for (const nodeId of program.evalNodeIds) {
      emit({ event: 'output', step, nodeId, output: await program.runEval(nodeId, undefined, undefined, signal) });
    }
  };

  // tokens/s over the training steps only: evaluation time is excluded.
  let trainMs = 0;
  let trainSteps = 0;
  try {
    while (step < total) {
      if (opts.signal?.aborted) {
        stopped = true;
        break;
      }
      const t0 = now();
      const next = step + 1;
      const batch = program.nextBatch('train', next);
      const ctx = trainingStep(program.seed, next);
      const lr = learningRate(s, next, total);
      const { loss, gradNorm } = await optimizerStep(() => program.loss(batch, ctx), varList, opt, lr);
      // work the GPU rejected, or a lost device, leaves zeros or stale values behind: never a loss to report
      const failed = backendFailure();
      if (failed) throw failed;
      if (!Number.isFinite(loss)) {
        const where = await program.findNonFinite(batch, { ...ctx, training: false });
        const what = where?.kind === 'weights' ? `its weights "${where.port}" became` : `its output "${where?.port}" became`;
        const message = where
          ? `the loss became ${loss} at step ${next}: node ${where.nodeId} is where it starts (${what} non-finite). Try a lower learning rate or gradient clipping.`
          : `the loss became ${loss} at step ${next}`;
        throw new TrainingError(message, next, where?.nodeId ?? null, where?.kind === 'output' ? where.port : undefined);
      }
      step = next;
      losses.push(loss);
      trainMs += now() - t0;
      trainSteps += 1;
      const msPerStep = trainMs / trainSteps;
      emit({
        event: 'step',
        step,
        loss,
        lr,
        gradNorm,
        tokensPerSec: (program.tokensPerBatch * 1000) / msPerStep,
        samplesPerSec: (program.samplesPerBatch * 1000) / msPerStep,
        etaSeconds: ((total - step) * msPerStep) / 1000,
      });
      if (step % s.evalInterval === 0 && step < total) {
        await evaluate(opts.outputsAtEveryEval ?? false);
        await save();
      }
    }
    // The final evaluation and outputs, which a person may skip: a second Stop, or a Stop once no step is left.
    // The checkpoint is written between the two, so an output node that fails (a prompt, a
    // setting) costs no training: the run is saved, and its outputs can be run again from it.
    const final = skipSignal(opts.skip, stopped ? undefined : opts.signal);
    const skippable = async (work: () => Promise<void>) => {
      try {
        await work();
      } catch (e) {
        if (!final.signal.aborted) throw e;
      }
    };
    try {
      const evaluatedNow = !lastEval || lastEval.step !== step;
      if (evaluatedNow) await skippable(() => evaluate(false, final.signal));
      await save();
      if (evaluatedNow || !stopped) await skippable(() => outputs(final.signal));
    } finally {
      final.release();
    }
  } catch (e) {
    const failed = e instanceof TrainingError ? null : backendFailureOf(e);
    const err = failed
      ? new TrainingError(`the ${backend} backend failed: ${failed.message}. The graph is not at fault: run it again, or choose another backend.`, step + 1, null)
      : e instanceof TrainingError
        ? e
        : e instanceof NodeRunError
          ? new TrainingError(e.message, step + 1, e.nodeId, e.port)
          : new TrainingError(e instanceof Error ? e.message : String(e), step + 1, null);
    emit({ event: 'error', step: err.step, nodeId: err.nodeId, ...(err.port ? { port: err.port } : {}), message: err.message });
    throw err;
  } finally {
    opt.dispose();
  }
  // a skipped final evaluation leaves the last one (none: NaN, which the UI shows as not known)
  const valLoss = lastEval?.valLoss ?? NaN;
  const metrics = lastEval?.metrics ?? {};
  emit({ event: 'done', step, valLoss, metrics, backend, checkpoint, stopped });
  return { step, losses, valLoss, metrics, checkpoint, stopped };
}

/** One signal that aborts when any of `signals` does (or already has); `release` stops listening. */
function skipSignal(...signals: (AbortSignal | undefined)[]): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  const given = signals.filter((x): x is AbortSignal => x !== undefined);
  for (const x of given) {
    if (x.aborted) abort();
    else x.addEventListener('abort', abort, { once: true });
  }
  return { signal: controller.signal, release: () => given.forEach((x) => x.removeEventListener('abort', abort)) };
}
