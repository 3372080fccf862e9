import { beforeAll, describe, expect, it } from 'vitest';
import { NodeRunError } from '../../engine/core/diagnostics.js';
import type { GraphDocument } from '../../engine/core/graph-document.js';
import { analyzeGraph } from '../../engine/analysis/validate.js';
import { initNodeBackend } from '../../engine/backend/node-backend.js';
import { compileGraph } from '../../engine/compile/compile.js';
import type { SavedRun } from '../../engine/data/checkpoint-source.js';
import type { DataSource } from '../../engine/data/data-source.js';
import { createNodeDataSource } from '../../engine/data/node-data-source.js';
import { createNodeCheckpointSource } from '../../engine/train/node-checkpoint-source.js';
import { createRegistry } from '../index.js';
import { tinyGraph } from '../../test/support/tiny-graphs.js';
import { tinyRun } from '../../test/support/tiny-runs.js';
import { loadWeightsNode } from './load-weights.js';

const registry = createRegistry();
const data = createNodeDataSource();
let runDir: string;
let saved: SavedRun;

beforeAll(async () => {
  await initNodeBackend('wasm');
  runDir = await tinyRun('masked-lm', 10);
  saved = await createNodeCheckpointSource(process.cwd()).loadRun(runDir);
});

const continued = (overrides: Record<string, Record<string, unknown>> = {}) =>
  tinyGraph('continued-pretraining', { checkpoint: { run: runDir }, ...overrides });

/** A data source whose only run is `run`, whatever folder is asked for. */
const withRun = (run: SavedRun): DataSource => ({ ...data, checkpoints: { loadRun: async () => run } });

async function compileError(doc: GraphDocument, source: DataSource = data): Promise<NodeRunError> {
  const e = await compileGraph(doc, { registry, data: source }).then(
    (p) => (p.dispose(), undefined),
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(NodeRunError);
  return e as NodeRunError;
}

describe('checkpoint/load-weights', () => {
  it('defaults to runs/masked-lm and every matching node; passes the loss through', () => {
    expect(loadWeightsNode.params.parse({})).toEqual({ run: 'runs/masked-lm', nodes: '' });
    const doc = continued();
    expect(analyzeGraph(doc, registry).diagnostics).toEqual([]);
  });

  it('loads exactly the saved values, and the saved vocabulary', async () => {
    const program = await compileGraph(continued(), { registry, data });
    try {
      expect(program.variables.map((v) => v.name)).toEqual(saved.variables.map((v) => v.name));
      for (const [i, v] of program.variables.entries()) {
        expect(v.variable.shape, v.name).toEqual(saved.variables[i]!.shape);
        expect(v.variable.dataSync(), v.name).toEqual(saved.variables[i]!.values);
      }
      expect(program.sourceStates.tokenizer).toEqual(saved.sourceStates.tokenizer);
    } finally {
      program.dispose();
    }
  });

  it('loads only the listed nodes when given', async () => {
    const program = await compileGraph(continued({ checkpoint: { run: runDir, nodes: 'tokenizer, encoder' } }), { registry, data });
    try {
      const byName = new Map(saved.variables.map((v) => [v.name, v.values]));
      for (const v of program.variables) {
        const same = Array.from(v.variable.dataSync()).every((x, i) => x === byName.get(v.name)![i]);
        expect(same, v.name).toBe(v.name.startsWith('encoder/'));
      }
    } finally {
      program.dispose();
    }
  });

  it('names the node and variable whose shape differs', async () => {
    const wq = saved.variables.find((v) => v.name === 'encoder/block0.attn.wq')!;
    const bad = { ...saved, run: 'runs/other', variables: saved.variables.map((v) => (v === wq ? { ...v, shape: [64, 64] } : v)) };
    const e = await compileError(continued(), withRun(bad));
    expect(e.nodeId).toBe('checkpoint');
    expect(e.message).toBe('node encoder: variable block0.attn.wq is [32,32] in the graph but [64,64] in run runs/other');
  });

  it('refuses a node whose type differs from the saved one', async () => {
    const graph = { ...saved.graph, nodes: saved.graph.nodes.map((n) => (n.id === 'encoder' ? { ...n, type: 'model/transformer-decoder' } : n)) };
    const e = await compileError(continued(), withRun({ ...saved, run: 'runs/other', graph }));
    expect(e.message).toBe('node encoder is model/transformer-encoder in this graph but model/transformer-decoder in run runs/other: a node loads only what its own type saved');
  });

  it('refuses a list that names a node the run has no weights for', async () => {
    const e = await compileError(continued({ checkpoint: { run: runDir, nodes: 'encoder,nowhere' } }));
    expect(e.message).toBe('setting "nodes": this graph has no node "nowhere"');
    const f = await compileError(continued({ checkpoint: { run: runDir, nodes: 'masking' } }));
    expect(f.message).toMatch(/^setting "nodes": node masking has no weights or saved state in run /);
  });

  it('says which variables one graph has and the other lacks (more layers)', async () => {
    const e = await compileError(continued({ encoder: { layers: 2 } }));
    expect(e.nodeId).toBe('checkpoint');
    expect(e.message).toMatch(/^node encoder: variable block1\.ln1\.gamma is in the graph but not in run .*masked-lm/);
  });

  it('explains a vocabulary-size mismatch when the tokenizer is not loaded', async () => {
    const e = await compileError(continued({ checkpoint: { run: runDir, nodes: 'embed encoder' } }));
    expect(e.nodeId).toBe('checkpoint');
    expect(e.message).toMatch(/^node embed: variable table is \[\d+,32\] in the graph but \[86,32\] in run .*: the vocabularies differ \(\d+ tokens here, 86 there\); load the tokenizer node too/);
  });

  it('refuses tokenizer settings that differ from the saved ones', async () => {
    const e = await compileError(continued({ tokenizer: { specialTokens: ['pad', 'mask', 'unk'] } }));
    expect(e.message).toMatch(/^node tokenizer: its settings .* differ from run .*'s/);
  });

  it('reports a missing run folder on the node, without a stack trace', async () => {
    const e = await compileError(continued({ checkpoint: { run: 'runs/no-such-run' } }));
    expect(e.nodeId).toBe('checkpoint');
    expect(e.message).toMatch(/^setting "run": run folder "runs\/no-such-run" does not exist \(looked for .*\): train a run into it first/);
    expect(e.message).not.toMatch(/\n\s+at /);
  });

  it('reports a folder that holds no checkpoint, and a data source that cannot read runs', async () => {
    const e = await compileError(continued({ checkpoint: { run: 'samples' } }));
    expect(e.message).toMatch(/^setting "run": run folder "samples" holds no checkpoint/);
    const { checkpoints: _, ...browserLike } = data;
    const f = await compileError(continued(), browserLike);
    expect(f.message).toMatch(/run folders cannot be read here yet/);
  });

  it('loads nothing when a checkpoint of this graph is restored instead (resume, sampling)', async () => {
    const doc = continued({ checkpoint: { run: 'runs/no-such-run' } });
    const program = await compileGraph(doc, { registry, data, savedStates: saved.sourceStates });
    program.dispose();
  });
});
