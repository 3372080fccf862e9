import { portKey } from '../core/graph-document.js';
import { NodeRunError } from '../core/diagnostics.js';
import { FED_ROLES, type TensorType } from '../core/tensor-type.js';
import type { TrainingPlan } from '../analysis/training-plan.js';
import type { Analysis } from '../analysis/validate.js';
import type { EmitContext } from '../registry/define-node.js';
import { jsDoc } from './program-template.js';

/**
 * What each node's code is written with: where a value lives as seen from each part of the
 * program, the EmitContext a node's `emit` receives, the lines that run a run of model nodes,
 * and the forward models output nodes read. One per export, over the graph's training plan.
 */
export type Part = 'source' | 'batch' | 'tensor' | 'eval';

export function codeEmitter(analysis: Analysis, plan: TrainingPlan, names: ReadonlyMap<string, string>) {
  const def = (id: string) => analysis.nodes.get(id)!.def!;
  const nameOf = (id: string) => names.get(id)!;
  const tensorIds = plan.stage('tensor');
  const stageOf = (id: string) => def(id).stage;
  /** where an input's value lives, from the code of a given stage */
  const valueRef = (key: { node: string; port: string }, from: Part): string => {
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
  for (const id of plan.stage('source')) {
    for (const [port, t] of Object.entries(analysis.nodes.get(id)!.outputs ?? {})) {
      if (typeof t.vocab === 'string') symbolSizes.set(t.vocab, `${vocabularyOf({ node: id, port })}.size`);
    }
  }
  const dimExpr = (id: string, port: string, axis: number, side: 'input' | 'output'): string => {
    const type =
      side === 'output'
        ? analysis.nodes.get(id)!.outputs?.[port]
        : (() => {
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
  const preparers = plan.order.filter((id) => def(id).emit?.prepare);
  let needsGraphNodes = false;
  const savedFor = (id: string) => (preparers.length ? preparers.map((l) => `${nameOf(l)}Plan.sourceStates[${JSON.stringify(id)}]`).join(' ?? ') : undefined);
  const forwardModels: string[] = [];
  const modelOf = (evalId: string, port: string): string => {
    const name = `${nameOf(evalId)}${port[0]!.toUpperCase()}${port.slice(1)}`;
    if (!forwardModels.some((f) => f.includes(`const ${name} =`))) forwardModels.push(forwardModelCode(evalId, port, name));
    return name;
  };
  const context = (id: string, from: Part): EmitContext => ({
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
  const emitCode = (id: string, from: Part) => def(id).emit!.code(context(id, from));

  /** Lines running `nodes` in order: inputs from the model's own nodes, or from `feed` at its boundary. */
  const runLines = (nodes: string[], feed: (from: { node: string; port: string }) => string, observed: string[] = []) =>
    nodes.flatMap((id) => {
      const inputs = (analysis.index.incoming.get(id) ?? []).map((e) => `${e.to.port}: ${tensorIds.includes(e.from.node) ? valueRef(e.from, 'tensor') : feed(e.from)}`).join(', ');
      const call = (arg: string) => `const ${nameOf(id)}Out = ${nameOf(id)}(${arg}, nodeStep(step, ${JSON.stringify(id)}));`;
      if (!observed.includes(id)) return [call(`{ ${inputs} }`)];
      return [`const ${nameOf(id)}In = { ${inputs} };`, call(`${nameOf(id)}In`), `observe?.(${JSON.stringify(id)}, ${nameOf(id)}In, ${nameOf(id)}Out);`];
    });

  /** What an output node reads, as a ForwardModel of token ids (the engine's forwardModel, written out). */
  function forwardModelCode(evalId: string, port: string, name: string): string {
    const edge = analysis.index.inputEdge(evalId, port);
    if (!edge) throw new NodeRunError(evalId, 'is not connected', port);
    const upstream = analysis.index.upstreamOf([edge.from.node]);
    const nodes = tensorIds.filter((id) => upstream.has(id));
    const boundary = new Map<string, { node: string; port: string }>();
    for (const id of nodes) for (const e of analysis.index.incoming.get(id) ?? []) if (!tensorIds.includes(e.from.node)) boundary.set(portKey(e.from), e.from);
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

  return {
    nameOf,
    stageOf,
    typeOfOutput,
    valueRef,
    preparers,
    context,
    header,
    emitCode,
    runLines,
    /** the forward models the output nodes asked for, as code, once each */
    forwardModels,
    /** whether some node's code reads the GRAPH_NODES table */
    usesGraphNodes: () => needsGraphNodes,
  };
}
