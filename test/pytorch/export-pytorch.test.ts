import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../engine/backend/node-backend.js';
import { parseGraph } from '../../engine/core/serialize.js';
import { NodeRunError } from '../../engine/core/diagnostics.js';
import { dataFolderOf } from '../../engine/export-torch/export-torch.js';
import { writeCompiledTorchProgram, writeTorchProgram } from '../../engine/export-torch/node-torch-export.js';
import { compileGraph } from '../../engine/compile/compile.js';
import { createNodeDataSource } from '../../engine/data/node-data-source.js';
import { createRegistry } from '../../graph-nodes/index.js';
import { NodeRegistry } from '../../engine/registry/registry.js';
import { runCli } from '../support/run-cli.js';
import { tinyGraph } from '../support/tiny-graphs.js';
import { tinyGraphWithRuns, tinyRun } from '../support/tiny-runs.js';
import { decodeSafetensors } from '../../engine/core/safetensors.js';
import { loadBpeVocabulary } from '../../engine/data/tokenizers/bpe-load.js';
import { requireTorchInCi, TORCH_PYTHON } from '../support/torch-python.js';

const dir = mkdtempSync(join(tmpdir(), 'export-pytorch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await initNodeBackend('cpu');
});
requireTorchInCi();

describe('export --target pytorch', () => {
  it('writes one program with a settings dataclass, a module per model node carrying its docs, and the data beside it', async () => {
    const file = join(dir, 'gpt.py');
    await writeTorchProgram(tinyGraph('causal-lm'), createRegistry(), file);
    const source = readFileSync(file, 'utf8');
    expect(source).toMatch(/^@dataclass\nclass Settings:/m);
    expect(source).toMatch(/class Decoder\(TransformerStack\):\n {4}"""Transformer decoder — node "decoder"\n\n {4}A causal transformer \(GPT style\)/);
    expect(source).toContain('super().__init__("head", s.seed, s.head, width=32, vocab_size=');
    expect(source).toContain('def blocks(values: dict, split: str, index: int) -> dict:');
    expect(source).not.toMatch(/^(import|from) (?!argparse|contextlib|json|math|os|pathlib|re|shutil|signal|struct|sys|time|types|unicodedata|dataclasses|numpy|torch)/m);
    const stream = JSON.parse(readFileSync(join(dir, 'gpt.data', 'tokenizer.tokens.json'), 'utf8'));
    expect(readFileSync(join(dir, 'gpt.data', stream.train.file)).length).toBe(stream.train.count * 4);
    expect(stream.vocabulary.saved.kind).toBe('char');
    if (TORCH_PYTHON) {
      const parsed = spawnSync(TORCH_PYTHON, ['-c', 'import ast, sys; ast.parse(open(sys.argv[1]).read())', file], { encoding: 'utf8' });
      expect(parsed.stderr).toBe('');
    }
  });

  it('writes the weights a checkpoint node loads into the data folder, by their engine names', async () => {
    await initNodeBackend('wasm');
    const run = await tinyRun('masked-lm', 3);
    const doc = await tinyGraphWithRuns('continued-pretraining', {}, 3);
    await writeTorchProgram(doc, createRegistry(), join(dir, 'cp.py'));
    const start = decodeSafetensors(readFileSync(join(dir, 'cp.data', 'initial-weights.safetensors')));
    const saved = decodeSafetensors(readFileSync(join(run, readFileSync(join(run, 'latest'), 'utf8').trim(), 'weights.safetensors')));
    expect(Object.keys(start).sort()).toEqual(Object.keys(saved).sort());
    expect(start['encoder/block0.attn.wq']!.data).toEqual(saved['encoder/block0.attn.wq']!.data);
  });

  it.skipIf(!TORCH_PYTHON)('starts every weight that is not drawn at random as the engine does: relative biases at -s|distance|, norms, zero biases, the InfoNCE scale', async () => {
    await initNodeBackend('wasm');
    const file = join(dir, 'init.py');
    const docs = [tinyGraph('span-corruption', { encoder: { relativePositions: 4, relativeLocality: 1.5 } }), tinyGraph('contrastive-clip')];
    for (const [n, doc] of docs.entries()) {
      const program = await compileGraph(doc, { registry: createRegistry(), data: createNodeDataSource() });
      const engine: Record<string, number[]> = {};
      try {
        await writeCompiledTorchProgram(program, file);
        // drawn weights differ by design (torch's generator); every other start must be the engine's
        for (const v of program.variables) {
          const values = Array.from(v.variable.dataSync());
          if (v.name.endsWith('relativeBias') || new Set(values).size === 1) engine[v.name] = values;
        }
      } finally {
        program.dispose();
      }
      const check = `
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("program", sys.argv[1]); program = importlib.util.module_from_spec(spec); spec.loader.exec_module(program)
model = program.Model(program.SETTINGS, program.load_data(sys.argv[2]))
print(json.dumps({k: w.detach().reshape(-1).tolist() for k, w in model.engine_weights().items() if k in json.loads(sys.argv[3])}))`;
      const r = spawnSync(TORCH_PYTHON!, ['-c', check, file, dataFolderOf(file), JSON.stringify(Object.keys(engine))], { encoding: 'utf8', maxBuffer: 64 << 20 });
      expect(r.stderr).toBe('');
      const python = JSON.parse(r.stdout) as Record<string, number[]>;
      expect(Object.keys(python).sort()).toEqual(Object.keys(engine).sort());
      for (const [name, values] of Object.entries(engine))
        expect(
          python[name]!.map((x) => Math.fround(x)),
          name,
        ).toEqual(values);
      if (n === 0) expect(engine['encoder/relativeBias']!.slice(0, 4 * 2 + 1).map((x) => Math.round(x * 10) / 10 + 0)).toEqual([-6, -6, -4.5, -4.5, -3, -3, -1.5, -1.5, 0]);
      if (n === 1) expect(Object.keys(engine)).toContain('loss/logScale');
    }
  });

  it.skipIf(!TORCH_PYTHON)("spells text as the engine's tokenizers do: Python's BPE re-encodes the held-out text to the engine's very ids", async () => {
    const file = join(dir, 'bpe.py');
    await writeTorchProgram(tinyGraph('causal-lm-bpe'), createRegistry(), file);
    const check = `
import importlib.util, sys
spec = importlib.util.spec_from_file_location("program", sys.argv[1]); program = importlib.util.module_from_spec(spec); spec.loader.exec_module(program)
stream = program.load_data(sys.argv[2])["tokenizer.tokens"]
ids = stream.val.tolist()
print(len(ids), stream.vocabulary.encode(stream.vocabulary.decode(ids)) == ids, stream.vocabulary.encode("The whale — café’s 42nd\\n\\n  x"))`;
    const r = spawnSync(TORCH_PYTHON!, ['-c', check, file, join(dir, 'bpe.data')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const [count, same, ...ids] = r.stdout.trim().split(/[\s,[\]]+/);
    expect(Number(count)).toBeGreaterThan(1000);
    expect(same).toBe('True');
    const stream = JSON.parse(readFileSync(join(dir, 'bpe.data', 'tokenizer.tokens.json'), 'utf8'));
    const engine = loadBpeVocabulary(stream.vocabulary.saved);
    expect(ids.filter(Boolean).map(Number)).toEqual(engine.encode('The whale — café’s 42nd\n\n  x'));
  });

  it('refuses a graph with a node that has no PyTorch code yet, naming the node', async () => {
    // every node has PyTorch code today: a registry whose UL2 node lacks it stands for the next new node
    const registry = new NodeRegistry(
      createRegistry()
        .all()
        .map((d) => (d.type === 'masking/ul2-mixture' ? { ...d, torch: undefined } : d)),
    );
    const doc = parseGraph(readFileSync('samples/ul2-mixture.graph.json', 'utf8'));
    const failure = await writeTorchProgram(doc, registry, join(dir, 'ul2.py')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(NodeRunError);
    expect((failure as NodeRunError).message).toBe('UL2 mixture of denoisers nodes cannot be exported to PyTorch yet');
    expect((failure as NodeRunError).nodeId).toBe('ul2');
  });

  it('every sample exports; the command line asks for a .py file', async () => {
    for (const sample of readdirSync('samples').filter((f) => f.endsWith('.graph.json'))) {
      // continued pretraining reads a run of the masked-LM sample: exported from a shrunk one
      const doc = sample.startsWith('continued') ? await tinyGraphWithRuns('continued-pretraining') : tinyGraph(sample.replace('.graph.json', ''));
      const written = await writeTorchProgram(doc, createRegistry(), join(dir, 'every', sample.replace('.graph.json', '.py')));
      expect(written.lines, sample).toBeGreaterThan(300);
    }
    const usage = await runCli(['export', 'samples/causal-lm.graph.json', '--target', 'pytorch', '-o', join(dir, 'gpt.ts')]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/must end in \.py/);
  });
});
