import { portKey, type GraphDocument } from '../core/graph-document.js';
import { GraphError, NodeRunError } from '../core/diagnostics.js';
import type { SafeTensor } from '../core/safetensors.js';
import { analyzeGraph, type Analysis } from '../analysis/validate.js';
import { trainingPlan, type TrainingPlan } from '../analysis/training-plan.js';
import type { NodeRegistry } from '../registry/registry.js';
import type { TrainingProgram } from '../compile/program-types.js';
import type { NodeDefinition } from '../registry/define-node.js';
import type { TorchDataFile, TorchEmit } from './torch-emit.js';
import { torchCodeEmitter } from './torch-code-emitter.js';
import { torchDataFiles } from './torch-data-files.js';
import { torchSettingsSection } from './torch-settings-section.js';
import { camelClass, docstring, librarySource, pyLiteral, snake } from './python-source.js';
import { wrap } from '../export/wrap-text.js';

/**
 * Writes a graph as one PyTorch program in the style of nanoGPT: the settings as dataclasses at
 * the top, the library code (the runtime, then each node's `.torch.py`, copied verbatim), one
 * module or function per node in graph order with the node's docs as its docstring, and the
 * training loop. The data nodes have already run in the engine: their outputs (token ids and
 * vocabularies) become files in a data folder, so the program needs no npm and no network.
 */

/** What the exporter needs of a compiled graph: every size known, the data made. */
export interface CompiledGraph {
  doc: GraphDocument;
  analysis: Analysis;
  optimizerNodeId: string;
  evalNodeIds: string[];
  sourceValues: ReadonlyMap<string, unknown>;
  sourceStates: Record<string, unknown>;
  variables: { name: string; shape: number[] }[];
  /** the weights as the engine starts from them, for graphs whose program must start there too (continued pretraining) */
  initialWeights?(): Record<string, SafeTensor>;
}

/** Where a program's data folder goes: OUT.py -> OUT.data/ (the program looks there by default). */
export function dataFolderOf(programFile: string): string {
  return programFile.replace(/\.py$/, '') + '.data';
}

/** What exportTorch needs, from a compiled program (the weights it starts from read by the caller: sync or not). */
export function compiledGraphOf(program: TrainingProgram, initialWeights: () => Record<string, SafeTensor>): CompiledGraph {
  return {
    doc: program.doc,
    analysis: program.analysis,
    optimizerNodeId: program.optimizerNodeId,
    evalNodeIds: program.evalNodeIds,
    sourceValues: program.sourceValues,
    sourceStates: program.sourceStates,
    variables: program.variables.map((v) => ({ name: v.name, shape: v.variable.shape })),
    initialWeights,
  };
}

export interface TorchProgram {
  source: string;
  /** nodes that need each whole batch on one rank, and why */
  oneRank: { nodeId: string; why: string }[];
  /** the data folder's files (manifest.json, graph.json, token ids, vocabularies) */
  files: TorchDataFile[];
}

/** The shared runtime every program includes, before the nodes' files. */
export const TORCH_RUNTIME = ['rng.py', 'safetensors.py', 'node_module.py', 'data_files.py', 'training.py', 'checkpoint.py'].map((f) => `engine/export-torch/python/${f}`);

const IMPORTS = `import argparse
import contextlib
import json
import math
import os
import pathlib
import re
import shutil
import signal
import struct
import sys
import time
import types
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel as DDP`;

/** Names the generated code uses itself, and nn.Module's own attributes, which node names must not take. */
const TAKEN = new Set(
  'Settings SETTINGS PROGRAM EVERY_WEIGHT_TRAINS Model load_data draw_batch BATCH_NODES MODEL_FEEDS TOKEN_FEEDS OUTPUTS batch step observe self data values split index s ids forward training eval train to cuda cpu type float half double apply parameters modules children buffers state_dict zero_grad add_module get add_weight engine_weights engine_names metric_nodes node_id seed register_buffer register_parameter'.split(
    ' ',
  ),
);

/**
 * The nodes a PyTorch program runs, in graph order: every node training or an output node needs,
 * but the optimizer (the loop reads its settings) and data nodes that only feed other data nodes
 * (a corpus feeding its tokenizer: their work is done at export). Throws, naming the node, when
 * one has no PyTorch code: checked before the data is read, so the answer comes at once.
 */
export function torchNodes(analysis: Analysis): { trained: string[]; exported: string[]; optimizerNodeId: string; evalNodeIds: string[]; plan: TrainingPlan } {
  const def = (id: string): NodeDefinition => analysis.nodes.get(id)!.def!;
  const stageOf = (id: string) => def(id).stage;
  const plan = trainingPlan(analysis);
  const { optimizerNodeId, evalNodeIds, live, order: trained } = plan;
  const consumers = (id: string) => (analysis.index.outgoing.get(id) ?? []).map((e) => e.to.node).filter((n) => live.has(n));
  const crossing = (id: string) => stageOf(id) !== 'source' || consumers(id).some((n) => stageOf(n) !== 'source');
  const exported = trained.filter((id) => stageOf(id) !== 'train' && crossing(id));
  for (const id of exported) if (!def(id).torch) throw new NodeRunError(id, `${def(id).title} nodes cannot be exported to PyTorch yet`);
  return { trained, exported, optimizerNodeId, evalNodeIds, plan };
}

/** Before any data is read: the graph's errors, or a node without PyTorch code, thrown at once (GraphError / NodeRunError). */
export function checkTorchExport(doc: GraphDocument, registry: NodeRegistry): void {
  const analysis = analyzeGraph(doc, registry);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new GraphError(errors);
  torchNodes(analysis);
}

export function exportTorch(g: CompiledGraph, read: (path: string) => string): TorchProgram {
  const { analysis } = g;
  const def = (id: string): NodeDefinition => analysis.nodes.get(id)!.def!;
  const stageOf = (id: string) => def(id).stage;
  const { trained, exported, plan } = torchNodes(analysis);
  const torchOf = (id: string): TorchEmit => def(id).torch!;

  const ids = { source: [] as string[], batch: [] as string[], tensor: [] as string[], eval: [] as string[] };
  for (const id of exported) (ids as Record<string, string[]>)[stageOf(id)]?.push(id);
  const { lossEdge, trainTensor } = plan;

  const library = librarySource([...TORCH_RUNTIME, ...exported.flatMap((id) => torchOf(id).uses)], read);
  const taken = new Set([...TAKEN, ...library.names]);
  const unique = (want: string) => {
    let name = want;
    while (taken.has(name)) name = `${name}_node`;
    taken.add(name);
    return name;
  };
  const varName = new Map(exported.map((id) => [id, unique(snake(id))]));
  const className = new Map(ids.tensor.map((id) => [id, unique(camelClass(id))]));
  const settingsName = new Map(trained.map((id) => [id, varName.get(id) ?? unique(snake(id))]));

  const { context, header, callLines, batchFeed, outputType, modelMethods } = torchCodeEmitter(g, ids.tensor, varName, settingsName);

  // before any code is written: what a node cannot export yet
  for (const id of exported) {
    const why = torchOf(id).unsupported?.(context(id));
    if (why) throw new NodeRunError(id, `cannot be exported to PyTorch: ${why}`);
  }

  // ---- data, batches ----
  const files: TorchDataFile[] = [];
  const dataLines = ids.source.map((id) => {
    const outputs = Object.fromEntries([...g.sourceValues].filter(([k]) => k.startsWith(`${id}.`)).map(([k, v]) => [k.slice(id.length + 1), v]));
    files.push(...(torchOf(id).files?.(id, outputs) ?? []));
    return `    # ${def(id).title} — node "${id}"\n    for port, value in ${torchOf(id).code(context(id)) as string}.items():\n        values[f"${id}.{port}"] = value`;
  });
  const batchFunctions = ids.batch.map((id) => {
    const call = torchOf(id).code(context(id)) as string;
    return `def ${varName.get(id)}(values: dict, split: str, index: int) -> dict:\n${docstring(header(id), '    ')}\n${/\bs\./.test(call) ? '    s = SETTINGS\n' : ''}    return ${call}`;
  });
  const modelFeeds = [...new Set(ids.tensor.flatMap((id) => (analysis.index.incoming.get(id) ?? []).filter((e) => stageOf(e.from.node) === 'batch').map((e) => portKey(e.from))))];
  const tokenFeeds = [
    ...new Set(
      trainTensor.flatMap((id) => (analysis.index.incoming.get(id) ?? []).filter((e) => stageOf(e.from.node) === 'batch' && outputType(e.from)?.role === 'token-ids').map((e) => portKey(e.from))),
    ),
  ];

  // ---- model ----
  const moduleClasses = ids.tensor.map((id) => {
    const { base, args } = torchOf(id).code(context(id)) as { base: string; args: string };
    return [
      `class ${className.get(id)}(${base}):`,
      docstring(header(id), '    '),
      '',
      '    def __init__(self, s: Settings):',
      `        super().__init__(${JSON.stringify(id)}, s.seed, s.${settingsName.get(id)}${args ? `, ${args}` : ''})`,
    ].join('\n');
  });
  const metricNodes = trainTensor.filter((id) => torchOf(id).metrics);
  const oneRank = trainTensor.flatMap((id) => (torchOf(id).oneRank ? [{ nodeId: id, why: torchOf(id).oneRank! }] : []));
  const outputFunctions = ids.eval.map((id) => {
    const call = torchOf(id).code(context(id)) as string;
    return `def ${varName.get(id)}(model: "Model", data: dict, s: Settings) -> dict:\n${docstring(header(id), '    ')}\n    return ${call}`;
  });
  const lossRef = `${varName.get(lossEdge.from.node)}[${JSON.stringify(lossEdge.from.port)}]`;
  const modelClass = [
    'class Model(nn.Module):',
    docstring("The graph's model nodes, run in graph order; forward gives the loss a training step minimises.", '    '),
    '',
    '    def __init__(self, s: Settings, data: dict):',
    '        super().__init__()',
    ...ids.tensor.map((id) => `        self.${varName.get(id)} = ${className.get(id)}(s)`),
    '',
    '    def forward(self, batch: dict, step: StepContext, observe=None) -> torch.Tensor:',
    ...callLines(trainTensor, batchFeed, metricNodes).map((l) => `        ${l}`),
    `        return ${lossRef}`,
    '',
    ...modelMethods.map((m) => m.replace(/^/gm, '    ') + '\n'),
    '    def engine_weights(self) -> dict:',
    '        """Every weight by its engine name ("<node id>/<name>")."""',
    `        return {name: w for node in (${ids.tensor.map((id) => `self.${varName.get(id)}`).join(', ')},) for name, w in node.engine_weights().items()}`,
    '',
    '    def metric_nodes(self) -> dict:',
    '        """Held-out metric accumulators, by node."""',
    `        return {${metricNodes.map((id) => `${JSON.stringify(id)}: self.${varName.get(id)}.${torchOf(id).metrics!.replace(/\(\)$/, '')}`).join(', ')}}`,
  ].join('\n');

  const notes = g.doc.notes.map((n) => `\n\n${wrap(n.text, 96)}`).join('');
  const intro = [
    `${g.doc.name || 'Untitled graph'} — a PyTorch training program exported from Pretrain Lab.${notes}`,
    '',
    'It reads its data (token ids, vocabulary) from the folder beside it (OUT.data/) and needs only',
    'torch and numpy. Run it with',
    '  python3 OUT.py [--steps N] [--device cpu|cuda] [--dtype float32|bfloat16] [--out RUN_DIR] [--json]',
    'With --json it prints the same start/step/eval/output/done lines as `pretrain-lab train --json`.',
    'On cuda it runs under torch.compile where the installed torch has it (--compile no to skip the',
    "compile's first-step wait; --help lists every option).",
    "Distributed: it follows torchrun's environment (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR,",
    'MASTER_PORT); each rank trains on its own slice of every global batch, rank 0 alone reports.',
  ].join('\n');

  files.push(
    ...torchDataFiles(
      g,
      exported.some((id) => torchOf(id).startsFromExportedWeights),
    ),
  );

  const source = [
    docstring(intro),
    IMPORTS,
    '\n# ---- settings ------------------------------------------------------------------------\n',
    torchSettingsSection(g, trained, settingsName),
    "\n# ---- library: the runtime and the nodes' PyTorch code, copied from Pretrain Lab ----------\n",
    library.source,
    '\n# ---- data: what the data nodes made, read back from the data folder -------------------\n',
    [
      'def load_data(data_dir: str) -> dict:',
      docstring('What the data nodes made (token ids and vocabularies, images, a noise schedule) by "node.port".', '    '),
      ...(dataLines.some((l) => /\bs\./.test(l)) ? ['    s = SETTINGS'] : []),
      '    values = {}',
      ...dataLines,
      '    return values',
    ].join('\n'),
    '\n# ---- batches: the batching and masking nodes, drawing what the engine draws -----------\n',
    [
      ...batchFunctions,
      `BATCH_NODES = [${ids.batch.map((id) => `(${JSON.stringify(id)}, ${varName.get(id)})`).join(', ')}]`,
      `# what the model reads of a batch, and which of it are tokens (for tokens/s)\nMODEL_FEEDS = ${pyLiteral(modelFeeds)}\nTOKEN_FEEDS = ${pyLiteral(tokenFeeds)}`,
      [
        'def draw_batch(data: dict, split: str, index: int) -> dict:',
        docstring('Batch `index` of a split: every batch node seeded from the graph seed, its id, the split and the index, as the engine seeds them.', '    '),
        '    values = dict(data)',
        '    for node_id, run in BATCH_NODES:',
        '        for port, value in run(values, split, index).items():',
        '            values[f"{node_id}.{port}"] = value',
        '    return {key: values[key] for key in MODEL_FEEDS}',
      ].join('\n'),
    ].join('\n\n\n'),
    '\n# ---- model: one module per node -------------------------------------------------------\n',
    [...moduleClasses, modelClass].join('\n\n\n'),
    '\n# ---- outputs ---------------------------------------------------------------------------\n',
    [...outputFunctions, `OUTPUTS = {${ids.eval.map((id) => `${JSON.stringify(id)}: ${varName.get(id)}`).join(', ')}}`].join('\n\n\n'),
    '\n',
    [
      'SETTINGS = Settings()',
      `# whether every weight takes part in the loss (DDP must otherwise look for unused ones each step)`,
      `EVERY_WEIGHT_TRAINS = ${ids.tensor.length === trainTensor.length ? 'True' : 'False'}`,
      `# what must train on one rank, and why`,
      `ONE_RANK = ${pyLiteral(Object.fromEntries(oneRank.map((o) => [o.nodeId, o.why])))}`,
      'PROGRAM = types.SimpleNamespace(settings=SETTINGS, load_data=load_data, draw_batch=draw_batch, Model=Model, outputs=OUTPUTS, token_feeds=TOKEN_FEEDS, every_weight_trains=EVERY_WEIGHT_TRAINS, one_rank=ONE_RANK)',
      '',
      'if __name__ == "__main__":',
      '    sys.exit(train_program(PROGRAM))',
    ].join('\n'),
  ].join('\n\n');
  return { source: source + '\n', files, oneRank };
}
