import { trainingPlan } from '../analysis/training-plan.js';
import type { GraphDocument } from '../core/graph-document.js';
import { GraphError, NodeRunError } from '../core/diagnostics.js';
import { analyzeGraph } from '../analysis/validate.js';
import type { NodeRegistry } from '../registry/registry.js';
import { collectLibrary, declaredNames, mergeExternals, type ReadSource } from './library.js';
import { configSection, graphNodesTable } from './config-section.js';
import { codeEmitter } from './code-emitter.js';
import { nodeNames } from './program-names.js';
import { jsDoc, programFunctions, programStart, RUNTIME_USES, TEMPLATE_NAMES, type ProgramParts } from './program-template.js';
import { wrap } from './wrap-text.js';

/**
 * Writes a graph as one standalone TypeScript program: the graph's settings as a typed config
 * object, its data pipeline, model and training loop as calls into the very library code the
 * engine runs (copied in below them), so the program trains exactly what the app trains.
 */

export interface ExportOptions {
  registry: NodeRegistry;
  read: ReadSource;
  /** the file name the program will have, for its usage line */
  fileName?: string;
}

export interface ExportedProgram {
  /** the program's source (unformatted: see formatProgram) */
  source: string;
  /** nodes left out because they do not take part in training (output nodes), by id */
  omitted: string[];
}

export function exportGraph(doc: GraphDocument, opts: ExportOptions): ExportedProgram {
  const analysis = analyzeGraph(doc, opts.registry);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new GraphError(errors);
  const def = (id: string) => analysis.nodes.get(id)!.def!;
  const plan = trainingPlan(analysis);
  const { optimizerNodeId: optimizerId, evalNodeIds: evalIds, live } = plan;
  const trained = plan.order;
  const omitted = analysis.order.filter((id) => !live.has(id));
  for (const id of trained) {
    const d = def(id);
    if (d.stage !== 'train' && !d.emit) throw new NodeRunError(id, `${d.title} nodes cannot be exported as TypeScript yet`);
  }
  const { lossEdge, trainTensor } = plan;

  // The library first: its names are taken, so node variables must not shadow them.
  const uses = [...RUNTIME_USES, ...trained.flatMap((id) => def(id).emit?.uses ?? [])];
  const library = collectLibrary([...new Set(uses)], opts.read);
  const names = nodeNames(trained, [...library.flatMap((m) => declaredNames(m.body)), ...TEMPLATE_NAMES]);
  const emitter = codeEmitter(analysis, plan, names);
  const { nameOf, stageOf, typeOfOutput, valueRef, preparers, context, header, emitCode, runLines, forwardModels } = emitter;

  const prepareLines = preparers.map((id) => `${header(id)}\nconst ${nameOf(id)}Plan = ${def(id).emit!.prepare!(context(id, 'source'))};`);
  const sourceLines = plan.stage('source').map((id) => `${header(id)}\nconst ${nameOf(id)} = ${emitCode(id, 'source')};`);
  const batchLines = plan.stage('batch').map((id) => `${header(id)}\nconst ${nameOf(id)} = ${emitCode(id, 'batch')};`);
  const buildLines = plan.stage('tensor').map((id) => `${header(id)}\nconst ${nameOf(id)} = ${emitCode(id, 'tensor')};`);
  const afterBuildLines = trained.flatMap((id) => {
    const after = def(id).emit?.afterBuild;
    return after ? [`// node "${id}"\n${after(context(id, 'tensor'))}`] : [];
  });
  const metricNodes = trainTensor.filter((id) => def(id).emit!.metrics);
  const forwardLines = runLines(trainTensor, (from) => valueRef(from, 'tensor'), metricNodes);
  const outputLines = evalIds.map((id) => `${header(id)}\n${JSON.stringify(id)}: () => ${emitCode(id, 'eval')},`);
  const tokenFeeds = [
    ...new Set(
      trainTensor.flatMap((id) =>
        (analysis.index.incoming.get(id) ?? [])
          .filter((e) => stageOf(e.from.node) === 'batch' && typeOfOutput(e.from)?.role === 'token-ids')
          .map((e) => `batch.${nameOf(e.from.node)}.${e.from.port}`),
      ),
    ),
  ];
  // the first batch value the model reads (as the engine counts examples, compile.ts)
  const sampleFeed =
    trainTensor
      .flatMap((id) => (analysis.index.incoming.get(id) ?? []).filter((e) => stageOf(e.from.node) === 'batch' && (typeOfOutput(e.from)?.shape.length ?? 0) > 0))
      .map((e) => `batch.${nameOf(e.from.node)}.${e.from.port}`)[0] ?? null;
  const metricLines = metricNodes.map((id) => `[${JSON.stringify(id)}, ${def(id).emit!.metrics!(context(id, 'tensor'))}]`);

  const modules = library.map((m) => `// ---- ${m.path} ----\n\n${m.body}`).join('\n\n');
  const intro = [
    `${doc.name || 'Untitled graph'} — a training program exported from Pretrain Lab.`,
    ...doc.notes.map((n) => `\n${wrap(n.text, 96)}`),
    '',
    'It needs @tensorflow/tfjs and @tensorflow/tfjs-backend-wasm (plus the corpus packages it reads),',
    `and runs with \`npx tsx ${opts.fileName ?? 'program.ts'} [--steps N] [--backend wasm|cpu|tensorflow] [--json]\`.`,
    'With --json it prints the same step/eval/done lines as `pretrain-lab train --json`.',
    omitted.length ? `\nLeft out (nothing trains or reads them): ${omitted.map((id) => `${id} (${def(id).title})`).join(', ')}.` : '',
  ].join('\n');

  const parts: ProgramParts = {
    sourceLines: [...prepareLines, ...sourceLines],
    sourceNames: [...preparers.map((id) => `${nameOf(id)}Plan`), ...plan.stage('source').map(nameOf)],
    batchLines,
    batchNames: plan.stage('batch').map(nameOf),
    buildLines: [...buildLines, ...afterBuildLines],
    forwardLines,
    forwardModels,
    outputLines,
    lossRef: valueRef(lossEdge.from, 'tensor'),
    metricLines,
    tokenFeeds,
    sampleFeed,
    optimizerName: nameOf(optimizerId),
  };
  const source = [
    jsDoc(intro),
    mergeExternals(library).join('\n'),
    configSection(doc, analysis, names),
    ...(emitter.usesGraphNodes() ? [graphNodesTable(doc, analysis, names)] : []),
    programFunctions(parts),
    [
      '// ---------------------------------------------------------------------------------------',
      "// The library: Pretrain Lab's own code for the nodes above, copied from its source files.",
      '// ---------------------------------------------------------------------------------------',
    ].join('\n'),
    modules,
    programStart(parts),
  ].join('\n\n');
  return { source: source + '\n', omitted };
}
