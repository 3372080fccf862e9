import type { LibraryModule } from './library.js';

/**
 * The fixed parts of an exported program: data preparation, batches, model and the training
 * loop around the node calls the exporter writes. Each step is the engine's own: its trainer
 * calls the same optimizerStep, learningRate, trainingStep and heldOutEvaluation.
 */

/** Library modules every exported program uses, beside its nodes'. */
export const RUNTIME_USES = [
  'engine/core/rng.ts',
  'engine/runtime/variables.ts',
  'engine/runtime/step.ts',
  'engine/runtime/feed.ts',
  'engine/train/adamw.ts',
  'engine/train/schedule.ts',
  'engine/train/optimizer-step.ts',
  'engine/train/held-out.ts',
  'engine/backend/node-backend.ts',
];

/** What the template's own code imports. */
export const TEMPLATE_IMPORTS: LibraryModule = {
  path: 'engine/export/program-template.ts',
  body: '',
  externals: ["import { parseArgs } from 'node:util';"],
  deps: [],
};

/** Names the template itself declares or binds: node variables must not reuse them. */
export const TEMPLATE_NAMES = [
  'config',
  'Config',
  'main',
  'prepareData',
  'Data',
  'drawBatch',
  'Batch',
  'buildModel',
  'Model',
  'data',
  'split',
  'index',
  'batch',
  'step',
  'observe',
  'variables',
  'weightsOf',
  'forward',
  'metrics',
  'tokensPerBatch',
  'describe',
  'parseArgs',
];

/** A JSDoc block holding `text` (markdown), each line prefixed. */
export function jsDoc(text: string): string {
  const lines = text.replace(/\*\//g, '*\\/').trim().split('\n');
  return ['/**', ...lines.map((l) => (l ? ` * ${l}` : ' *')), ' */'].join('\n');
}

export interface ProgramParts {
  sourceLines: string[];
  sourceNames: string[];
  batchLines: string[];
  batchNames: string[];
  buildLines: string[];
  forwardLines: string[];
  /** the expression of the loss tensor inside forward */
  lossRef: string;
  /** `["node", accumulator]` entries for the nodes that keep held-out metrics */
  metricLines: string[];
  /** expressions of the token-id batch values the model reads (for tokens/s) */
  tokenFeeds: string[];
  optimizerName: string;
}

const indent = (lines: string[], by = '  ') => lines.flatMap((l) => l.split('\n')).map((l) => (l ? by + l : l)).join('\n');

export function programMain(p: ProgramParts): string {
  const s = `config.${p.optimizerName}`;
  return `/** Corpora and tokenizers: read and built once, before training. */
async function prepareData() {
${indent(p.sourceLines)}
  return { ${p.sourceNames.join(', ')} };
}
type Data = Awaited<ReturnType<typeof prepareData>>;

/**
 * Batch \`index\` of a split. Each batch node draws from its own random stream, seeded by the graph
 * seed, its id, the split and the index, so batch k is the same whoever draws it.
 */
function drawBatch(data: Data, split: 'train' | 'val', index: number) {
${indent(p.batchLines)}
  return { ${p.batchNames.join(', ')} };
}
type Batch = ReturnType<typeof drawBatch>;

/** The model: each node's weights made once, in graph order; \`forward\` runs the nodes on a batch. */
function buildModel(data: Data) {
  const variables: NamedVariable[] = [];
  const weightsOf =
    (nodeId: string): MakeVariable =>
    (name, shape, init) => {
      const made = createVariable(config.seed, \`\${nodeId}/\${name}\`, shape, init);
      variables.push(made);
      return made.variable;
    };

${indent(p.buildLines)}

  /** The loss on one batch; \`observe\` sees the inputs and outputs of nodes that keep held-out metrics. */
  function forward(batch: Batch, step: StepContext, observe?: ObserveNode): tf.Scalar {
${indent(p.forwardLines, '    ')}
    return ${p.lossRef} as tf.Scalar;
  }
  const metrics = () => new Map<string, MetricAccumulator>([${p.metricLines.join(', ')}]);
  const tokensPerBatch = (batch: Batch) => ${p.tokenFeeds.length ? p.tokenFeeds.map((f) => `${f}.data.length`).join(' + ') : '0'};
  return { variables, forward, metrics, tokensPerBatch };
}

/** One line a person can read, for a run without --json. */
function describe(e: Record<string, unknown>): string {
  const n = (v: unknown, digits = 4) => (typeof v === 'number' ? v.toFixed(digits) : String(v));
  const metrics = (m: unknown) => Object.entries(m as Record<string, number>).map(([k, v]) => \` \${k} \${n(v, 3)}\`).join('');
  switch (e.event) {
    case 'start':
      return \`training \${e.totalSteps} steps on \${e.backend}: \${e.parameters} parameters\`;
    case 'step':
      return \`step \${e.step}  loss \${n(e.loss)}  lr \${(e.lr as number).toExponential(2)}  \${Math.round(e.tokensPerSec as number)} tokens/s\`;
    case 'eval':
      return \`step \${e.step}  held-out loss \${n(e.valLoss)}\${metrics(e.metrics)}\`;
    case 'done':
      return \`done at step \${e.step}: held-out loss \${n(e.valLoss)}\${metrics(e.metrics)}\`;
    default:
      return JSON.stringify(e);
  }
}

/** Train as \`pretrain-lab train\` does: AdamW on the optimizer node's schedule, evaluating as it goes. */
async function main(): Promise<void> {
  const { values: args } = parseArgs({ options: { steps: { type: 'string' }, backend: { type: 'string' }, json: { type: 'boolean' } } });
  const print = (e: Record<string, unknown>) => console.log(args.json ? JSON.stringify(e) : describe(e));
  const backendChoice = args.backend as NodeBackendName | undefined;
  if (backendChoice !== undefined && !NODE_BACKENDS.includes(backendChoice)) throw new Error(\`--backend must be one of \${NODE_BACKENDS.join(', ')}\`);
  const backend = await initNodeBackend(backendChoice);
  const settings = ${s};
  const totalSteps = args.steps === undefined ? settings.steps : Number(args.steps);
  if (!Number.isInteger(totalSteps) || totalSteps < 1) throw new Error('--steps must be a whole number of at least 1');

  const data = await prepareData();
  const model = buildModel(data);
  const weights = model.variables.map((v) => v.variable);
  const optimizer = new AdamW(model.variables, {
    beta1: settings.beta1,
    beta2: settings.beta2,
    eps: 1e-8,
    weightDecay: settings.optimizer === 'adamw' ? settings.weightDecay : 0,
    gradClip: settings.gradClip,
  });
  const tokensPerBatch = model.tokensPerBatch(drawBatch(data, 'train', 0));
  const parameters = weights.reduce((n, w) => n + w.size, 0);
  print({ event: 'start', step: 0, totalSteps, backend, parameters, tokensPerBatch });

  let lastEval: { step: number; valLoss: number; metrics: Record<string, number> } | undefined;
  const evaluate = async (step: number) => {
    const r = await heldOutEvaluation(settings.evalBatches, model.metrics(), (i, observe) => model.forward(drawBatch(data, 'val', i), evalStep(i), observe));
    lastEval = { step, ...r };
    print({ event: 'eval', step, valLoss: r.valLoss, metrics: r.metrics });
  };
  let trainMs = 0;
  for (let step = 1; step <= totalSteps; step++) {
    const t0 = performance.now();
    const batch = drawBatch(data, 'train', step);
    const ctx = trainingStep(config.seed, step);
    const lr = learningRate(settings, step, totalSteps);
    const { loss, gradNorm } = await optimizerStep(() => model.forward(batch, ctx), weights, optimizer, lr);
    if (!Number.isFinite(loss)) {
      print({ event: 'error', step, nodeId: null, message: \`the loss became \${loss} at step \${step}\` });
      process.exitCode = 1;
      return;
    }
    trainMs += performance.now() - t0;
    const msPerStep = trainMs / step;
    print({ event: 'step', step, loss, lr, gradNorm, tokensPerSec: (tokensPerBatch * 1000) / msPerStep, etaSeconds: ((totalSteps - step) * msPerStep) / 1000 });
    if (step % settings.evalInterval === 0 && step < totalSteps) await evaluate(step);
  }
  if (!lastEval || lastEval.step !== totalSteps) await evaluate(totalSteps);
  print({ event: 'done', step: totalSteps, valLoss: lastEval!.valLoss, metrics: lastEval!.metrics, backend, checkpoint: null, stopped: false });
  optimizer.dispose();
}`;
}
