import { z } from 'zod';
import { trainingPlan } from '../analysis/training-plan.js';
import { portKey, type GraphDocument } from '../core/graph-document.js';
import { GraphError, NodeRunError } from '../core/diagnostics.js';
import { FED_ROLES, type TensorType } from '../core/tensor-type.js';
import { analyzeGraph } from '../analysis/validate.js';
import type { EmitContext } from '../registry/define-node.js';
import type { NodeRegistry } from '../registry/registry.js';
import { collectLibrary, declaredNames, mergeExternals, type ReadSource } from './library.js';
import { configType, literal } from './config-literal.js';
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

const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await async of type'.split(
    ' ',
  ),
);

function camel(id: string): string {
  const parts = id.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = parts.map((p, i) => (i === 0 ? p[0]!.toLowerCase() + p.slice(1) : p[0]!.toUpperCase() + p.slice(1))).join('') || 'node';
  return /^[0-9]/.test(name) ? `n${name}` : name;
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
  const ids = { source: [] as string[], batch: [] as string[], tensor: [] as string[] };
  for (const id of trained) {
    const stage = def(id).stage;
    if (stage === 'source' || stage === 'batch' || stage === 'tensor') ids[stage].push(id);
  }
  const { lossEdge, trainTensor } = plan;

  // The library first: its names are taken, so node variables must not shadow them.
  const uses = [...RUNTIME_USES, ...trained.flatMap((id) => def(id).emit?.uses ?? [])];
  const library = collectLibrary([...new Set(uses)], opts.read);
  const taken = new Set([...library.flatMap((m) => declaredNames(m.body)), ...TEMPLATE_NAMES, ...RESERVED]);
  const names = new Map<string, string>();
  for (const id of trained) {
    let name = camel(id);
    while (taken.has(name)) name = `${name}Node`;
    taken.add(name);
    names.set(id, name);
  }
  const nameOf = (id: string) => names.get(id)!;

  const stageOf = (id: string) => def(id).stage;
  /** where an input's value lives, from the code of a given stage */
  const valueRef = (key: { node: string; port: string }, from: 'source' | 'batch' | 'tensor' | 'eval'): string => {
    const src = stageOf(key.node);
    const name = nameOf(key.node);
    if (src === 'source') return from === 'source' ? `${name}.${key.port}` : `data.${name}.${key.port}`;
    if (src === 'batch') return from === 'tensor' ? `hostToTensor(batch.${name}.${key.port})` : `${name}.${key.port}`;
    return `${name}Out.${key.port}`;
  };
  const typeOfOutput = (key: { node: string; port: string }): TensorType | undefined => analysis.nodes.get(key.node)?.outputs?.[key.port];
  // A vocabulary travels with a token stream (a source value); ids downstream share its symbol.
  const vocabularyOf = (key: { node: string; port: string }): string => {
    if (stageOf(key.node) === 'source') return `data.${nameOf(key.node)}.${key.port}.vocabulary`;
    const symbol = typeOfOutput(key)?.vocab;
    for (const e of analysis.index.incoming.get(key.node) ?? []) {
      const t = typeOfOutput(e.from);
      if (symbol !== undefined && t?.vocab === symbol) return vocabularyOf(e.from);
    }
    throw new NodeRunError(key.node, `the exporter cannot tell which tokenizer the ids on "${key.port}" come from`, key.port);
  };
  // Sizes the data fixes (a vocabulary size) are known to the program only once it has read the data.
  const symbolSizes = new Map<string, string>();
  for (const id of ids.source) {
    for (const [port, t] of Object.entries(analysis.nodes.get(id)!.outputs ?? {})) {
      if (typeof t.vocab === 'string') symbolSizes.set(t.vocab, `${vocabularyOf({ node: id, port })}.size`);
    }
  }
  const dimExpr = (id: string, port: string, axis: number, side: 'input' | 'output'): string => {
    const type = side === 'output' ? analysis.nodes.get(id)!.outputs?.[port] : (() => {
      const e = analysis.index.inputEdge(id, port);
      return e ? typeOfOutput(e.from) : undefined;
    })();
    const d = type?.shape[axis];
    if (typeof d === 'number') return String(d);
    const size = d === undefined ? undefined : symbolSizes.get(d);
    if (size) return size;
    throw new NodeRunError(id, `the size ${String(d)} of "${port}" is not known before training, so it cannot be exported`, port);
  };
  // Checkpoint nodes read their saved run before anything else; sources may restore from it.
  const preparers = trained.filter((id) => def(id).emit?.prepare);
  let needsGraphNodes = false;
  const savedFor = (id: string) =>
    preparers.length ? preparers.map((l) => `${nameOf(l)}Plan.sourceStates[${JSON.stringify(id)}]`).join(' ?? ') : undefined;
  const forwardModels: string[] = [];
  const modelOf = (evalId: string, port: string): string => {
    const name = `${nameOf(evalId)}${port[0]!.toUpperCase()}${port.slice(1)}`;
    if (!forwardModels.some((f) => f.includes(`const ${name} =`))) forwardModels.push(forwardModelCode(evalId, port, name));
    return name;
  };
  const context = (id: string, from: 'source' | 'batch' | 'tensor' | 'eval'): EmitContext => ({
    nodeId: id,
    config: `config.${nameOf(id)}`,
    input(port) {
      const e = analysis.index.inputEdge(id, port);
      if (!e) throw new NodeRunError(id, `input "${port}" is not connected`, port);
      return valueRef(e.from, from);
    },
    connected: (port) => analysis.index.inputEdge(id, port) !== undefined,
    vocabulary(port) {
      const e = analysis.index.inputEdge(id, port);
      if (!e) throw new NodeRunError(id, `input "${port}" is not connected`, port);
      return vocabularyOf(e.from);
    },
    dim: (port, axis, side = 'input') => dimExpr(id, port, axis, side),
    inputType: (port) => {
      const e = analysis.index.inputEdge(id, port);
      return e ? typeOfOutput(e.from) : undefined;
    },
    rng: from === 'eval' ? `makeRng(config.seed, 'eval', ${JSON.stringify(id)})` : `makeRng(config.seed, 'batch', ${JSON.stringify(id)}, split, index)`,
    model: (port) => modelOf(id, port),
    variable: `weightsOf(${JSON.stringify(id)})`,
    ...(from === 'source' && savedFor(id) ? { saved: savedFor(id)! } : {}),
    prepared: from === 'source' ? `${nameOf(id)}Plan` : `data.${nameOf(id)}Plan`,
    symbolSize: (symbol) => symbolSizes.get(symbol) ?? 'undefined',
    get graphNodes() {
      needsGraphNodes = true;
      return 'GRAPH_NODES';
    },
  });
  const header = (id: string) => jsDoc(`${def(id).title} — node "${id}"\n\n${def(id).docs}`);
  const emitCode = (id: string, from: 'source' | 'batch' | 'tensor' | 'eval') => def(id).emit!.code(context(id, from));

  /** Lines running `nodes` in order: inputs from the model's own nodes, or from `feed` at its boundary. */
  const runLines = (nodes: string[], feed: (from: { node: string; port: string }) => string, observed: string[] = []) =>
    nodes.flatMap((id) => {
      const inputs = (analysis.index.incoming.get(id) ?? [])
        .map((e) => `${e.to.port}: ${ids.tensor.includes(e.from.node) ? valueRef(e.from, 'tensor') : feed(e.from)}`)
        .join(', ');
      const call = (arg: string) => `const ${nameOf(id)}Out = ${nameOf(id)}(${arg}, nodeStep(step, ${JSON.stringify(id)}));`;
      if (!observed.includes(id)) return [call(`{ ${inputs} }`)];
      return [`const ${nameOf(id)}In = { ${inputs} };`, call(`${nameOf(id)}In`), `observe?.(${JSON.stringify(id)}, ${nameOf(id)}In, ${nameOf(id)}Out);`];
    });

  /** What an output node reads, as a ForwardModel of token ids (the engine's forwardModel, written out). */
  function forwardModelCode(evalId: string, port: string, name: string): string {
    const edge = analysis.index.inputEdge(evalId, port);
    if (!edge) throw new NodeRunError(evalId, 'is not connected', port);
    const upstream = analysis.index.upstreamOf([edge.from.node]);
    const nodes = ids.tensor.filter((id) => upstream.has(id));
    const boundary = new Map<string, { node: string; port: string }>();
    for (const id of nodes) for (const e of analysis.index.incoming.get(id) ?? []) if (!ids.tensor.includes(e.from.node)) boundary.set(portKey(e.from), e.from);
    const masks = [...boundary].filter(([, from]) => typeOfOutput(from)?.role === 'attention-mask').map(([k]) => k);
    const inputs = [...boundary].filter(([k]) => !masks.includes(k));
    if (!inputs.length || inputs.some(([, from]) => !FED_ROLES.includes(typeOfOutput(from)!.role))) {
      throw new NodeRunError(evalId, `needs a model whose inputs are token ids or images; this one reads ${inputs.map(([k]) => k).join(', ') || 'nothing'}`, port);
    }
    const firstIds = inputs.find(([, from]) => typeOfOutput(from)!.role === 'token-ids');
    const lengths = inputs.map(([k, from]) => {
      const type = typeOfOutput(from)!;
      const t = type.shape[1];
      if (typeof t !== 'number' && type.role !== 'timestep') throw new NodeRunError(evalId, `cannot tell the length of ${k}`, port);
      return `{ key: ${JSON.stringify(k)}, contextLength: ${typeof t === 'number' ? t : 1}, role: ${JSON.stringify(type.role)} }`;
    });
    const lines = runLines(nodes, (from) => `feed(${JSON.stringify(portKey(from))})`);
    return [
      `/** What output node "${evalId}" reads (${portKey(edge.from)}), run on token ids alone. */`,
      `const ${name} = forwardModelOf({`,
      ...(firstIds ? [`  vocabulary: ${vocabularyOf(firstIds[1])},`] : []),
      `  inputs: [${lengths.join(', ')}],`,
      `  masks: [${masks.map((m) => JSON.stringify(m)).join(', ')}],`,
      `  forward: (feed, step) => {`,
      ...lines.map((l) => `    ${l}`),
      `    return ${valueRef(edge.from, 'tensor')};`,
      `  },`,
      `  // every node on the path reads new positions alone: sampling keeps keys and values`,
      `  incremental: [${nodes.map(nameOf).join(', ')}].every((node) => node.incremental === true),`,
      `  fail: (message) => {`,
      `    throw new Error(\`node ${evalId}: \${message}\`);`,
      `  },`,
      `});`,
    ].join('\n');
  }

  const prepareLines = preparers.map((id) => `${header(id)}\nconst ${nameOf(id)}Plan = ${def(id).emit!.prepare!(context(id, 'source'))};`);
  const sourceLines = ids.source.map((id) => `${header(id)}\nconst ${nameOf(id)} = ${emitCode(id, 'source')};`);
  const batchLines = ids.batch.map((id) => `${header(id)}\nconst ${nameOf(id)} = ${emitCode(id, 'batch')};`);
  const buildLines = ids.tensor.map((id) => `${header(id)}\nconst ${nameOf(id)} = ${emitCode(id, 'tensor')};`);
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

  // settings: one typed entry per node, in graph order
  const configEntries = trained.map((id) => ({ id, name: nameOf(id), def: def(id), params: analysis.nodes.get(id)!.params }));
  const configInterface = [
    'interface Config {',
    '  /** every random choice (weights, batches, dropout) derives from it */',
    '  seed: number;',
    ...configEntries.map((c) => `  /** ${c.def.title} (node "${c.id}") */\n  ${c.name}: ${configType(c.def.params as z.ZodType)};`),
    '}',
  ].join('\n');
  const configValue = `const config: Config = {\n  seed: ${doc.seed},\n${configEntries.map((c) => `  ${c.name}: ${literal(c.params)},`).join('\n')}\n};`;

  function graphNodesTable(): string {
    const rows = doc.nodes.map((n) => {
      const node = analysis.nodes.get(n.id)!;
      const defaults = node.def!.params.safeParse({});
      const params = names.has(n.id) ? `config.${nameOf(n.id)}` : literal(node.params);
      return `{ id: ${JSON.stringify(n.id)}, type: ${JSON.stringify(n.type)}, family: ${JSON.stringify(node.def!.family)}, params: ${params}, defaults: ${literal(defaults.success ? defaults.data : {})} }`;
    });
    return `/** Every node of the graph, as matching it against a saved run's nodes sees them. */\nconst GRAPH_NODES: GraphNodeInfo[] = [\n${rows.map((r) => `  ${r},`).join('\n')}\n];`;
  }

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
    sourceNames: [...preparers.map((id) => `${nameOf(id)}Plan`), ...ids.source.map(nameOf)],
    batchLines,
    batchNames: ids.batch.map(nameOf),
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
    `/** The graph's settings, one entry per node. */\n${configInterface}`,
    configValue,
    ...(needsGraphNodes ? [graphNodesTable()] : []),
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
