/**
 * How a node takes part in an exported PyTorch program. Like the TypeScript export's `emit`, the
 * code lives in files next to the node (`<node>.torch.py`, copied in verbatim) and the emitter
 * only writes the call; every size is known by then (the exporter has run the data nodes).
 */

import type { SpecialIds } from '../core/vocabulary.js';
import type { TensorType } from '../core/tensor-type.js';

/** A file written beside the program, in its data folder. */
export interface TorchDataFile {
  name: string;
  bytes: Uint8Array;
}

export interface TorchEmitContext<P = unknown> {
  nodeId: string;
  params: P;
  /** the node's settings in the program, e.g. `s.blocks` */
  settings: string;
  /** the node id as a Python string literal */
  id: string;
  /** batch and output nodes: the value at an input, as a Python expression (an output node's: data made at export, e.g. a noise schedule) */
  input(port: string): string;
  connected(port: string): boolean;
  /** the type of the value at an input (undefined when it is not connected) */
  inputType(port: string): TensorType | undefined;
  /** one size of an input's (or output's) shape */
  dim(port: string, axis: number, side?: 'input' | 'output'): number;
  /** the vocabulary of the ids reaching an input (a Python expression) */
  vocabulary(port: string): string;
  /** the special token ids of the vocabulary whose ids reach an input (known at export) */
  special(port: string): SpecialIds;
  /** batch nodes: this node's random stream for the batch being drawn; output nodes: theirs */
  rng: string;
  /** output nodes: a function from token ids [1, t] to what the input reads, and its longest t */
  model(port: string): { call: string; contextLength: number };
  /**
   * output nodes whose model reads several sequences of token ids (an encoder-decoder): a function
   * from a dict of token ids [1, t] by the batch value each stands for ("node.port"), and each
   * of those with its longest t
   */
  modelOfFeeds(port: string): { call: string; feeds: { key: string; port: string; role: string; contextLength: number }[] };
  /** source nodes: the Python expression of the data folder */
  dataDir: string;
}

export interface TorchEmit<P = any> {
  /** `.torch.py` files (repository paths) the code calls */
  uses: string[];
  /**
   * What the program writes for the node. By stage: source, an expression of its outputs by port
   * (read back from the files `files` wrote); batch, an expression of its outputs by port;
   * tensor, `{ base, args }`: the library nn.Module and the arguments after (node id, seed,
   * settings); eval, an expression of its output (a dict like the engine's EvalOutput).
   */
  code(e: TorchEmitContext<P>): string | { base: string; args: string };
  /** source nodes: the files their outputs are written to (the program reads them back) */
  files?(nodeId: string, outputs: Record<string, unknown>): TorchDataFile[];
  /** a setting or connection the PyTorch code does not cover yet: the reason, pinned to the node */
  unsupported?(e: TorchEmitContext<P>): string | undefined;
  /** tensor nodes with held-out metrics: an expression (on `self.<node>`) making the accumulator */
  metrics?: string;
  /** why the node needs each whole batch on one rank (a loss comparing every item with every other), when it does */
  oneRank?: string;
  /** the program starts from the weights the engine holds at export (a checkpoint node loaded them), written to the data folder */
  startsFromExportedWeights?: boolean;
}
