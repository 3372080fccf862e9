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
  'engine/train/node-train-program.ts',
];

/** Names the template itself declares or binds: node variables must not reuse them. */
export const TEMPLATE_NAMES = [
  'config',
  'Config',
  'GRAPH_NODES',
  'prepareData',
  'Data',
  'drawBatch',
  'Batch',
  'buildModel',
  'data',
  'split',
  'index',
  'batch',
  'step',
  'observe',
  'feed',
  'variables',
  'weightsOf',
  'forward',
  'metrics',
  'tokensPerBatch',
  'samplesPerBatch',
  'outputs',
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
  /** ForwardModel consts, one per output node input */
  forwardModels: string[];
  /** \`"node": () => output\` entries, one per output node */
  outputLines: string[];
  /** the expression of the loss tensor inside forward */
  lossRef: string;
  /** `["node", accumulator]` entries for the nodes that keep held-out metrics */
  metricLines: string[];
  /** expressions of the token-id batch values the model reads (for tokens/s) */
  tokenFeeds: string[];
  /** the expression of a batch value the model reads, whose leading size is the examples in a batch; null if none */
  sampleFeed: string | null;
  optimizerName: string;
}

const indent = (lines: string[], by = '  ') => lines.flatMap((l) => l.split('\n')).map((l) => (l ? by + l : l)).join('\n');

/** The program's own functions: its data, batches and model, written from the graph. */
export function programFunctions(p: ProgramParts): string {
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
    (name, shape, init, limits) => {
      const made = createVariable(config.seed, \`\${nodeId}/\${name}\`, shape, init, undefined, limits);
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
  const samplesPerBatch = (batch: Batch) => ${p.sampleFeed ? `${p.sampleFeed}.shape[0] ?? 0` : '0'};
${p.forwardModels.length ? '\n' + indent(p.forwardModels) + '\n' : ''}
  /** The output nodes: what they show once the model is trained. */
  const outputs: Record<string, () => Promise<EvalOutput>> = {
${indent(p.outputLines, '    ')}
  };
  return { variables, forward, metrics, tokensPerBatch, samplesPerBatch, outputs };
}`;
}

/** The last statement: train, once the library below the functions has been defined. */
export function programStart(p: ProgramParts): string {
  return `// Train it as \`pretrain-lab train\` does (the loop is engine/train/node-train-program.ts, above).
await trainFromCommandLine({ seed: config.seed, settings: config.${p.optimizerName}, prepareData, drawBatch, buildModel });`;
}
