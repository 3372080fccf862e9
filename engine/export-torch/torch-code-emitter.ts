import { portKey, type PortRef } from '../core/graph-document.js';
import { NodeRunError } from '../core/diagnostics.js';
import type { Vocabulary } from '../core/vocabulary.js';
import type { NodeDefinition } from '../registry/define-node.js';
import type { TokenStream } from '../data/values.js';
import type { CompiledGraph } from './export-torch.js';
import type { TorchEmitContext } from './torch-emit.js';
import { docstring, snake } from './python-source.js';

/**
 * What each node's PyTorch code is written with: the context its `torch` emitter receives (where
 * its inputs live, its settings, sizes, vocabularies), the lines that call a run of model nodes,
 * and the model methods output nodes read, written once each. One per export.
 */
export function torchCodeEmitter(g: CompiledGraph, tensorIds: readonly string[], varName: ReadonlyMap<string, string>, settingsName: ReadonlyMap<string, string>) {
  const { analysis } = g;
  const def = (id: string): NodeDefinition => analysis.nodes.get(id)!.def!;
  const stageOf = (id: string) => def(id).stage;
  const outputType = (ref: PortRef) => analysis.nodes.get(ref.node)?.outputs?.[ref.port];
  const feedKey = (ref: PortRef) => JSON.stringify(portKey(ref));
  /** The data node output a stream of token ids comes from, through batching and masking. */
  const streamOf = (ref: PortRef, nodeId: string): PortRef => {
    if (stageOf(ref.node) === 'source') return ref;
    for (const e of analysis.index.incoming.get(ref.node) ?? []) {
      const role = outputType(e.from)?.role;
      if (role === 'token-ids' || role === 'token-stream') return streamOf(e.from, nodeId);
    }
    throw new NodeRunError(nodeId, `the exporter cannot tell which tokenizer the ids on "${ref.port}" of ${ref.node} come from`);
  };
  const inputEdge = (id: string, port: string) => {
    const e = analysis.index.inputEdge(id, port);
    if (!e) throw new NodeRunError(id, `input "${port}" is not connected`, port);
    return e;
  };
  const modelMethods: string[] = [];
  const written = new Set<string>();

  const context = (id: string): TorchEmitContext => ({
    nodeId: id,
    params: analysis.nodes.get(id)!.params,
    settings: `s.${settingsName.get(id)}`,
    id: JSON.stringify(id),
    // an output node reads the data (a noise schedule) from what load_data gave; the others from the values so far
    input: (port) => `${stageOf(id) === 'eval' ? 'data' : 'values'}[${feedKey(inputEdge(id, port).from)}]`,
    connected: (port) => analysis.index.inputEdge(id, port) !== undefined,
    inputType: (port) => {
      const edge = analysis.index.inputEdge(id, port);
      return edge ? outputType(edge.from) : undefined;
    },
    dim(port, axis, side = 'input') {
      const type = side === 'output' ? analysis.nodes.get(id)!.outputs?.[port] : outputType(inputEdge(id, port).from);
      const d = type?.shape[axis];
      if (typeof d !== 'number') throw new NodeRunError(id, `the size ${String(d)} of "${port}" is not known at export, so it cannot be exported`, port);
      return d;
    },
    vocabulary: (port) =>
      stageOf(id) === 'eval' ? `data[${feedKey(streamOf(modelInputs(id, port).feeds[0]!, id))}].vocabulary` : `values[${feedKey(streamOf(inputEdge(id, port).from, id))}].vocabulary`,
    special(port) {
      const stream = g.sourceValues.get(portKey(streamOf(inputEdge(id, port).from, id))) as TokenStream | undefined;
      return stream ? (stream.vocabulary as Vocabulary).special : { sentinels: [] };
    },
    rng: stageOf(id) === 'eval' ? `Rng(s.seed, "eval", ${JSON.stringify(id)})` : `Rng(s.seed, "batch", ${JSON.stringify(id)}, split, index)`,
    model: (port) => modelPath(id, port),
    modelOfFeeds: (port) => modelOfFeeds(id, port),
    dataDir: 'data_dir',
  });
  const header = (id: string) => `${def(id).title} — node "${id}"\n\n${def(id).docs}`;

  /** `name = self.node(step, port=value, ...)` for each node, inputs from the batch or from earlier nodes. */
  const callLines = (nodes: string[], feed: (from: PortRef, id: string) => string | null, observed: string[] = []) =>
    nodes.flatMap((id) => {
      const args = (analysis.index.incoming.get(id) ?? []).flatMap((e) => {
        const value = tensorIds.includes(e.from.node) ? `${varName.get(e.from.node)}[${JSON.stringify(e.from.port)}]` : feed(e.from, id);
        return value === null ? [] : [`${e.to.port}=${value}`];
      });
      const v = varName.get(id)!;
      if (!observed.includes(id)) return [`${v} = self.${v}(step, ${args.join(', ')})`];
      return [`${v}_in = dict(${args.join(', ')})`, `${v} = self.${v}(step, **${v}_in)`, `if observe:`, `    observe(${JSON.stringify(id)}, ${v}_in, ${v})`];
    });
  const batchFeed = (from: PortRef, id: string) => {
    if (stageOf(from.node) !== 'batch') throw new NodeRunError(id, `reads "${portKey(from)}" from a data node; only batch values reach a model node in the PyTorch export yet`);
    return `batch[${feedKey(from)}]`;
  };

  /** The model nodes an output node's input depends on, and the batch values they read (token ids, images, timesteps). */
  function modelInputs(evalId: string, port: string): { nodes: string[]; feeds: PortRef[] } {
    const edge = inputEdge(evalId, port);
    const upstream = analysis.index.upstreamOf([edge.from.node]);
    const nodes = tensorIds.filter((id) => upstream.has(id));
    const boundary = new Map<string, PortRef>();
    for (const id of nodes) for (const e of analysis.index.incoming.get(id) ?? []) if (!tensorIds.includes(e.from.node)) boundary.set(portKey(e.from), e.from);
    // attention masks (prefix lengths) are not fed when an output node runs the model: plainly causal then
    const feeds = [...boundary.values()].filter((f) => outputType(f)?.role !== 'attention-mask');
    if (feeds.length === 0) throw new NodeRunError(evalId, `reads a model fed by nothing the PyTorch export can give it`, port);
    return { nodes, feeds };
  }

  /** The longest sequence a model reads at a feed: its length in training (1 for one value an example, as timesteps). */
  const feedLength = (evalId: string, port: string, feed: PortRef) => {
    const shape = outputType(feed)!.shape;
    const t = shape.length < 2 ? 1 : shape[1];
    if (typeof t !== 'number') throw new NodeRunError(evalId, `cannot tell the length of the sequence its model reads at ${portKey(feed)}`, port);
    return t;
  };

  /** A model method from its inputs (`arg` names them in the code) to what an output node reads (the engine's ForwardModel). */
  function modelMethod(evalId: string, port: string, nodes: string[], signature: string, arg: (from: PortRef) => string): string {
    const edge = inputEdge(evalId, port);
    const method = `${varName.get(evalId)}_${snake(port)}`;
    // asked for again (a node's check, then its code): written once
    if (written.has(method)) return `model.${method}`;
    written.add(method);
    const lines = callLines(nodes, (from) => (outputType(from)?.role === 'attention-mask' ? null : arg(from)));
    modelMethods.push(
      [
        `def ${method}(self, ${signature}):`,
        docstring(
          `What output node "${evalId}" reads (${portKey(edge.from)}), from ${signature === 'ids' ? 'token ids [1, t] alone' : 'its inputs by the batch value each stands for ("node.port")'}.`,
          '    ',
        ),
        '    step = StepContext(False, 0, 0)',
        ...lines.map((l) => `    ${l}`),
        `    return ${varName.get(edge.from.node)}[${JSON.stringify(edge.from.port)}]`,
      ].join('\n'),
    );
    return `model.${method}`;
  }

  /** An output node's model that reads one sequence of token ids. */
  function modelPath(evalId: string, port: string): { call: string; contextLength: number } {
    const { nodes, feeds } = modelInputs(evalId, port);
    if (feeds.length !== 1 || outputType(feeds[0]!)?.role !== 'token-ids') {
      throw new NodeRunError(evalId, `reads a model fed by ${feeds.map(portKey).join(', ')}; this output node runs models that read one sequence of token ids`, port);
    }
    return { call: modelMethod(evalId, port, nodes, 'ids', () => 'ids'), contextLength: feedLength(evalId, port, feeds[0]!) };
  }

  /** An output node's model called with a dict of its inputs by feed: an encoder-decoder's two sequences, a denoiser's images and timesteps. */
  function modelOfFeeds(evalId: string, port: string): { call: string; feeds: { key: string; port: string; role: string; contextLength: number }[] } {
    const { nodes, feeds } = modelInputs(evalId, port);
    return {
      call: modelMethod(evalId, port, nodes, 'feeds', (from) => `feeds[${feedKey(from)}]`),
      feeds: feeds.map((f) => ({ key: portKey(f), port: f.port, role: outputType(f)?.role ?? '', contextLength: feedLength(evalId, port, f) })),
    };
  }

  return {
    context,
    header,
    callLines,
    batchFeed,
    outputType,
    /** the model methods output nodes asked for, as code (written as their code is) */
    modelMethods,
  };
}
