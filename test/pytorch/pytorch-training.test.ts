import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../engine/backend/node-backend.js';
import { serializeGraph } from '../../engine/core/serialize.js';
import { worstRelativeDifference } from '../../engine/export-torch/node-torch-parity.js';
import { dataFolderOf } from '../../engine/export-torch/export-torch.js';
import { writeCompiledTorchProgram } from '../../engine/export-torch/node-torch-export.js';
import { compileGraph } from '../../engine/compile/compile.js';
import { createNodeDataSource } from '../../engine/data/node-data-source.js';
import { createRegistry } from '../../graph-nodes/index.js';
import * as tf from '@tensorflow/tfjs';
import { compileRun, runOutput } from '../../cli/inference-commands.js';
import { loadCheckpoint } from '../../engine/train/node-checkpoint-store.js';
import { runCli } from '../support/run-cli.js';
import { tinyGraph } from '../support/tiny-graphs.js';
import { requireTorchInCi, TORCH_PYTHON } from '../support/torch-python.js';

const dir = mkdtempSync(join(tmpdir(), 'pytorch-training-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
requireTorchInCi();

type Event = { event: string; loss?: number; output?: { text?: string }; message?: string };
const events = (stdout: string): Event[] =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Event);
const losses = (stdout: string) => events(stdout).flatMap((e) => (e.event === 'step' ? [e.loss!] : []));

// needs no torch: the chosen Python is refused before anything trains
it('a Python chosen by PRETRAIN_LAB_PYTHON that cannot import torch is named, with why, and not swapped for another', async () => {
  const fake = join(dir, 'python-without-torch');
  writeFileSync(fake, `#!/bin/sh\necho "ModuleNotFoundError: No module named 'torch'" >&2\nexit 1\n`, { mode: 0o755 });
  const args = ['train', 'samples/causal-lm.graph.json', '--backend', 'pytorch', '--steps', '1', '--out', join(dir, 'never')];
  const without = await runCli(args, { env: { PRETRAIN_LAB_PYTHON: fake } });
  expect(without.code).toBe(1);
  expect(without.stderr).toContain(`PRETRAIN_LAB_PYTHON=${fake} does not import torch and numpy: ModuleNotFoundError: No module named 'torch'`);
  const missing = await runCli(args, { env: { PRETRAIN_LAB_PYTHON: join(dir, 'no-such-python') } });
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/PRETRAIN_LAB_PYTHON=\S+no-such-python does not import torch and numpy: .*ENOENT/);
});

describe.skipIf(!TORCH_PYTHON)('the exported PyTorch program trains what the engine trains', () => {
  // the causal sample shrunk to train in seconds, as a file for the CLI (batches of 4 blocks: 2 for each of 2 ranks)
  const tinyCausal = join(dir, 'causal-lm.graph.json');
  beforeAll(async () => {
    await initNodeBackend('wasm');
    writeFileSync(tinyCausal, serializeGraph(tinyGraph('causal-lm')));
  });

  // Without the engine's dumps the program draws its own batches: they must be the engine's, draw for draw.
  describe('the program draws the batches the engine draws', () => {
    const cases = [
      ['span-corruption', { spans: { centredSpans: 0.5 } }],
      ['span-corruption', { spans: { noiseDensity: 0.3, meanSpanLength: 2, sentinelWeight: 0.5 } }],
      ['ul2-mixture', { ul2: { mixture: 'seven' } }],
      ['ul2-mixture', { ul2: { modeTokens: false } }],
      ['masked-lm', {}],
      ['prefix-lm', {}],
      ['diffusion-ddpm', {}],
      ['contrastive-clip', {}],
    ] as const;
    type Batches = Record<string, Record<string, number[]>>;
    const fileOf = (sample: string, overrides: object) => join(dir, `batches-${sample}-${JSON.stringify(overrides).replace(/\W+/g, '-')}.py`);
    const engine = new Map<string, Batches | Error>();
    let python: { status: number | null; stderr: string; drawn: Record<string, { drawn?: Batches; stderr: string; error?: string }> };

    // Every case's program written and its batches drawn by the engine first, then all of them drawn
    // by one Python process (each program loaded as its own module, as `python -c` did one at a time):
    // torch's import is most of what a small Python run costs, and the test paid it once a case.
    beforeAll(async () => {
      for (const [sample, overrides] of cases) {
        const file = fileOf(sample, overrides);
        try {
          const program = await compileGraph(tinyGraph(sample, overrides), { registry: createRegistry(), data: createNodeDataSource() });
          const batches: Batches = {};
          try {
            await writeCompiledTorchProgram(program, file);
            for (const [split, index] of [
              ['train', 1],
              ['train', 2],
              ['val', 3],
            ] as const) {
              batches[`${split}-${index}`] = Object.fromEntries([...program.nextBatch(split, index)].map(([key, h]) => [key, Array.from(h.data as ArrayLike<number>)]));
            }
          } finally {
            program.dispose();
          }
          engine.set(file, batches);
        } catch (e) {
          engine.set(file, e as Error);
        }
      }
      // warnings shown every time: a warning one program raised is still seen when the next raises it again
      const script = `import contextlib, importlib.util, io, json, sys, traceback, warnings
warnings.simplefilter("always")
out = {}
for file, folder in json.loads(sys.argv[1]):
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            spec = importlib.util.spec_from_file_location("program", file); program = importlib.util.module_from_spec(spec); spec.loader.exec_module(program)
            data = program.load_data(folder)
            drawn = {f"{split}-{index}": {k: v.reshape(-1).tolist() for k, v in program.draw_batch(data, split, index).items()} for split, index in (("train", 1), ("train", 2), ("val", 3))}
        out[file] = {"drawn": drawn, "stderr": err.getvalue()}
    except BaseException:
        out[file] = {"error": traceback.format_exc(), "stderr": err.getvalue()}
print(json.dumps(out))`;
      const files = [...engine].flatMap(([file, batches]) => (batches instanceof Error ? [] : [[file, dataFolderOf(file)]]));
      const r = spawnSync(TORCH_PYTHON!, ['-c', script, JSON.stringify(files)], { encoding: 'utf8', maxBuffer: 256 << 20 });
      python = { status: r.status, stderr: r.stderr, drawn: r.status === 0 ? JSON.parse(r.stdout) : {} };
    });

    it.each(cases)('%s %j', (sample, overrides) => {
      const file = fileOf(sample, overrides);
      const batches = engine.get(file)!;
      if (batches instanceof Error) throw batches;
      expect(python.stderr).toBe('');
      expect(python.status).toBe(0);
      const ran = python.drawn[file];
      expect(ran, 'what Python drew with this program').toBeDefined();
      expect(ran!.error).toBeUndefined();
      expect(ran!.stderr).toBe('');
      const drawn = ran!.drawn!;
      // what the model reads (the engine's batch holds the blocks too)
      expect(Object.keys(drawn['train-1']!).length).toBeGreaterThanOrEqual(3);
      // ids exactly; noise to float error (Box-Muller's log and cos are libm's here, V8's there: at most an ulp apart)
      const worst = (a: number[], b: number[]) => (a.length === b.length ? a.reduce((w, v, i) => Math.max(w, Math.abs(v - b[i]!)), 0) : Infinity);
      for (const batch of Object.keys(batches)) for (const key of Object.keys(drawn[batch]!)) expect(worst(drawn[batch]![key]!, batches[batch]![key]!), `${batch} ${key}`).toBeLessThanOrEqual(1e-6);
    });
  });

  it('a span-corruption run trained by the program infills with `pretrain-lab infill` as it did in Python', async () => {
    const graph = join(dir, 'span-corruption.graph.json');
    writeFileSync(graph, serializeGraph(tinyGraph('span-corruption', { infill: { text: 'and the w<extra_id_0> said' } })));
    const trained = await runCli(['train', graph, '--backend', 'pytorch', '--steps', '30', '--json', '--out', join(dir, 'span-run')]);
    expect(trained.code, trained.stderr).toBe(0);
    const output = events(trained.stdout).find((e) => e.event === 'output') as { output: { rows: string[][] } } | undefined;
    const rows = output!.output.rows;
    expect(rows.map((r) => r[0])).toEqual(['<extra_id_0>', 'filled', 'targets']);
    // the engine reads the Python weights and decodes greedily: the same targets, token for token
    const infilled = await runCli(['infill', join(dir, 'span-run'), 'and the w<extra_id_0> said']);
    expect(infilled.code, infilled.stderr).toBe(0);
    for (const [, text] of rows) expect(infilled.stdout).toContain(text);
  });

  it('a diffusion run trained by the program generates in the engine the images it generated in Python', async () => {
    const graph = join(dir, 'diffusion-ddpm.graph.json');
    writeFileSync(graph, serializeGraph(tinyGraph('diffusion-ddpm')));
    const trained = await runCli(['train', graph, '--backend', 'pytorch', '--steps', '20', '--json', '--out', join(dir, 'ddpm-run')]);
    expect(trained.code, trained.stderr).toBe(0);
    const python = (events(trained.stdout).find((e) => e.event === 'output') as { output: { kind: string; pixels: number[] } } | undefined)!.output;
    const engine = await runOutput(join(dir, 'ddpm-run'), 'eval/generate-images', 'generate images', {}, {});
    expect(engine.kind).toBe('images');
    const pixels = (engine as { pixels: number[] }).pixels;
    expect(pixels).toHaveLength(python.pixels.length);
    // the same noise (one random stream) through the same weights: the same images, to rounding
    expect(pixels.reduce((w, v, i) => Math.max(w, Math.abs(v - python.pixels[i]!)), 0)).toBeLessThanOrEqual(0.005);
    expect(new Set(pixels).size).toBeGreaterThan(10);
  });

  it('a contrastive run trained by the program retrieves in the engine as it did in Python', async () => {
    const graph = join(dir, 'contrastive-clip.graph.json');
    writeFileSync(graph, serializeGraph(tinyGraph('contrastive-clip')));
    const trained = await runCli(['train', graph, '--backend', 'pytorch', '--steps', '80', '--json', '--out', join(dir, 'clip-run')]);
    expect(trained.code, trained.stderr).toBe(0);
    const python = (events(trained.stdout).find((e) => e.event === 'output') as { output: { rows: string[][] } } | undefined)!.output.rows;
    const engine = await runOutput(join(dir, 'clip-run'), 'eval/zero-shot-retrieval', 'measure retrieval', {}, {});
    const rows = (engine as { rows: string[][] }).rows;
    expect(rows.map((r) => r[0])).toEqual(python.map((r) => r[0]));
    // figures to three places from the same weights: a near tie may flip one image of 50
    rows.slice(0, 5).forEach((r, i) => expect(Math.abs(Number(r[1]) - Number(python[i]![1])), r[0]).toBeLessThanOrEqual(0.021));
    // it learnt: 0.38 here after 80 steps, against 0.1 for chance
    expect(Number(rows[0]![1])).toBeGreaterThan(0.2);
  });

  it('refuses a rank count that does not divide the batch, before starting any rank', async () => {
    const r = await runCli(['train', tinyCausal, '--backend', 'pytorch', '--devices', '3', '--json', '--out', join(dir, 'ranks-3')]);
    expect(r.code).toBe(1);
    expect(events(r.stdout)).toEqual([expect.objectContaining({ event: 'error', message: expect.stringMatching(/^--devices 3: a batch of 4 examples does not split over 3 ranks/) })]);
  });

  /** Whether this torch loads FSDP (Debian's 1.13 on Python 3.11 does not), and what the program says where it does not. */
  const hasFsdp = () => spawnSync(TORCH_PYTHON!, ['-c', 'from torch.distributed.fsdp import FullyShardedDataParallel']).status === 0;
  const NO_FSDP = /--fsdp: torch \S+ cannot load FullyShardedDataParallel here \(.+\); it needs torch 2\.1 or later/;

  it('passes --fsdp to the program: sharded where torch has FSDP, else the reason why not', async () => {
    const r = await runCli(['train', tinyCausal, '--backend', 'pytorch', '--fsdp', '--steps', '2', '--json', '--out', join(dir, 'fsdp')]);
    if (hasFsdp()) {
      expect(r.code, r.stderr).toBe(0);
      expect(events(r.stdout)[0]).toMatchObject({ event: 'start', backend: 'pytorch-cpu+fsdp' });
    } else {
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toMatch(NO_FSDP);
    }
  });

  it('refuses several ranks for InfoNCE, which needs each whole batch on one, naming the loss node', async () => {
    const graph = join(dir, 'clip-ranks.graph.json');
    writeFileSync(graph, serializeGraph(tinyGraph('contrastive-clip')));
    const r = await runCli(['train', graph, '--backend', 'pytorch', '--devices', '2', '--json', '--out', join(dir, 'clip-ranks')]);
    expect(r.code).toBe(1);
    expect(events(r.stdout)).toEqual([expect.objectContaining({ event: 'error', nodeId: 'loss', message: expect.stringMatching(/^--devices 2: InfoNCE .* one rank .*--devices 1$/) })]);
  });

  it('torch.compile only where asked or on CUDA, --fsdp where torch has FSDP, and a torch without them is told so', async () => {
    const file = join(dir, 'compile', 'causal.py');
    const exported = await runCli(['export', tinyCausal, '--target', 'pytorch', '-o', file]);
    expect(exported.code, exported.stderr).toBe(0);
    const run = (choice: string) => spawnSync(TORCH_PYTHON!, [file, '--steps', '2', '--device', 'cpu', '--json', '--no-outputs', '--compile', choice], { encoding: 'utf8' });
    const hasCompile = spawnSync(TORCH_PYTHON!, ['-c', 'import sys, torch; sys.exit(0 if hasattr(torch, "compile") else 1)']).status === 0;
    // auto compiles on CUDA alone: on cpu the step is not worth the compile's minute
    const auto = run('auto');
    expect(auto.status, auto.stderr).toBe(0);
    expect(events(auto.stdout)[0]).toMatchObject({ event: 'start', backend: 'pytorch-cpu' });
    const yes = run('yes');
    if (hasCompile) {
      expect(yes.status, yes.stderr).toBe(0);
      expect(events(yes.stdout)[0]).toMatchObject({ event: 'start', backend: 'pytorch-cpu+compile' });
      expect(worstRelativeDifference(losses(auto.stdout), losses(yes.stdout))).toBeLessThanOrEqual(1e-5);
    } else {
      expect(yes.status).not.toBe(0);
      expect(yes.stderr).toMatch(/^--compile yes: torch \S+ has no torch\.compile \(it came with torch 2\.0\); give --compile no/m);
    }
    // --fsdp on a group of one trains as the plain model does where torch has FSDP (bench/gpu-pack/distributed-check.sh
    // checks ranks and resuming on a GPU machine), and says why not where it has none (Debian's torch 1.13 on Python 3.11)
    const sharded = spawnSync(TORCH_PYTHON!, [file, '--steps', '2', '--device', 'cpu', '--json', '--no-outputs', '--compile', 'no', '--fsdp'], { encoding: 'utf8' });
    if (hasFsdp()) {
      expect(sharded.status, sharded.stderr).toBe(0);
      expect(events(sharded.stdout)[0]).toMatchObject({ event: 'start', backend: 'pytorch-cpu+fsdp' });
      expect(worstRelativeDifference(losses(auto.stdout), losses(sharded.stdout))).toBeLessThanOrEqual(1e-5);
    } else {
      expect(sharded.status).not.toBe(0);
      expect(sharded.stderr).toMatch(NO_FSDP);
    }
  });

  it("a run the program trained gives the engine the program's logits on a fixed prompt (within 1e-4)", async () => {
    const whole = await wholeRun();
    expect(whole.code, whole.stderr).toBe(0);
    const run = join(dir, 'whole');
    // shorter than the shrunk graph's 16-token context
    const prompt = 'Call me Ish';
    // the program itself, its data and the run's checkpoint: the logits its sample node reads
    const script = `import importlib.util, json, sys, torch
spec = importlib.util.spec_from_file_location("program", sys.argv[1]); program = importlib.util.module_from_spec(spec); spec.loader.exec_module(program)
data = program.load_data(sys.argv[2])
model = program.Model(program.SETTINGS, data)
program.restore_weights(program.read_checkpoint(sys.argv[3]), model)
ids = data["tokenizer.tokens"].vocabulary.encode(sys.argv[4])
with torch.no_grad():
    logits = model.eval().sample_logits(torch.tensor([ids]))
print(json.dumps({"ids": ids, "logits": logits[0, -1].tolist()}))`;
    const programFile = join(run, 'pytorch', 'program.py');
    const py = spawnSync(TORCH_PYTHON!, ['-c', script, programFile, dataFolderOf(programFile), run, prompt], { encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    const python = JSON.parse(py.stdout) as { ids: number[]; logits: number[] };

    const program = await compileRun(await loadCheckpoint(run), 'inference', 'wasm');
    try {
      const model = program.outputModel('sample', 'logits');
      const ids = model.vocabulary!.encode(prompt);
      expect(ids).toEqual(python.ids);
      const last = tf.tidy(() => {
        const all = model.run(tf.tensor2d(ids, [1, ids.length], 'int32'));
        return all.slice([0, ids.length - 1, 0], [1, 1, -1]).reshape([-1]);
      });
      const logits = Array.from(last.dataSync());
      last.dispose();
      expect(logits).toHaveLength(python.logits.length);
      const scale = Math.max(...python.logits.map(Math.abs));
      const worst = Math.max(...logits.map((v, i) => Math.abs(v - python.logits[i]!)));
      expect(worst / scale).toBeLessThanOrEqual(1e-4);
      // not near-constant logits, which would agree whatever the weights
      expect(Math.max(...logits) - Math.min(...logits)).toBeGreaterThan(1);
    } finally {
      program.dispose();
    }
  });

  /** A copy of a finished run folder wound back to its checkpoint at `step`, as if stopped there. */
  const rewound = (from: string, to: string, step: number) => {
    cpSync(from, to, { recursive: true });
    const name = `ckpt-${String(step).padStart(7, '0')}`;
    expect(readdirSync(to)).toContain(name);
    for (const d of readdirSync(to)) if (/^ckpt-\d+$/.test(d) && d > name) rmSync(join(to, d), { recursive: true });
    writeFileSync(join(to, 'latest'), name + '\n');
    return to;
  };

  /** The shrunk causal sample trained 30 steps by the program on one rank: the run --resume picks up, and the one two ranks must match. */
  let oneRank: ReturnType<typeof runCli> | undefined;
  const wholeRun = () => (oneRank ??= runCli(['train', tinyCausal, '--backend', 'pytorch', '--json', '--out', join(dir, 'whole')]));

  it('--resume continues a run exactly where it stopped: a PyTorch run, and a run the engine trained', async () => {
    const whole = await wholeRun();
    expect(whole.code, whole.stderr).toBe(0);
    const resumed = await runCli(['train', '--resume', rewound(join(dir, 'whole'), join(dir, 'resumed'), 20), '--backend', 'pytorch', '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const kinds = events(resumed.stdout);
    expect(kinds[0]).toMatchObject({ event: 'start', step: 20, totalSteps: 30 });
    expect(kinds.filter((e) => e.event === 'step').map((e) => (e as { step?: number }).step)).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    // the same losses as the run that never stopped (the same batches, weights and Adam state)
    expect(worstRelativeDifference(losses(whole.stdout).slice(20), losses(resumed.stdout))).toBeLessThanOrEqual(1e-6);
    expect(readFileSync(join(dir, 'resumed', 'latest'), 'utf8').trim()).toBe('ckpt-0000030');

    // an engine run (wasm) picked up by PyTorch: its weights, Adam's moments and tokenizer
    const engine = await runCli(['train', tinyCausal, '--backend', 'wasm', '--json', '--out', join(dir, 'engine')]);
    expect(engine.code, engine.stderr).toBe(0);
    const picked = await runCli(['train', '--resume', rewound(join(dir, 'engine'), join(dir, 'engine-resumed'), 20), '--backend', 'pytorch', '--json']);
    expect(picked.code, picked.stderr).toBe(0);
    expect(worstRelativeDifference(losses(engine.stdout).slice(20), losses(picked.stdout))).toBeLessThanOrEqual(1e-5);

    // a checkpoint at the run's last step has nothing left to train: said, with what to do
    const over = await runCli(['train', '--resume', join(dir, 'resumed'), '--backend', 'pytorch', '--json']);
    expect(over.code).toBe(1);
    expect(over.stdout + over.stderr).toMatch(/its checkpoint is at step 30, and the run has 30 steps: give --steps above 30/);
  });

  it('two ranks (DDP over gloo, half the batch each) give the same 30 losses as one; the run opens with `pretrain-lab sample`', async () => {
    // one rank: the run the --resume test made (the same command, --devices 1 being the default)
    const one = await wholeRun();
    const two = await runCli(['train', tinyCausal, '--backend', 'pytorch', '--devices', '2', '--json', '--out', join(dir, 'ranks-2')]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(losses(one.stdout)).toHaveLength(30);
    expect(worstRelativeDifference(losses(one.stdout), losses(two.stdout))).toBeLessThanOrEqual(1e-5);
    const kinds = events(two.stdout).map((e) => e.event);
    expect([kinds[0], kinds.at(-1), kinds.filter((k) => k === 'step').length, kinds.includes('output')]).toEqual(['start', 'done', 30, true]);
    // rank 0 alone wrote the run: each event once
    expect(
      readFileSync(join(dir, 'ranks-2', 'events.jsonl'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(events(two.stdout).length);

    // The engine samples the Python-trained weights with the same random stream: the same text.
    const pythonText = events(two.stdout).find((e) => e.event === 'output')!.output!.text!;
    const sampled = await runCli(['sample', join(dir, 'ranks-2'), '--tokens', '15']);
    expect(sampled.code, sampled.stderr).toBe(0);
    expect(pythonText.length).toBeGreaterThan('The whale '.length + 15);
    expect(sampled.stdout.trim()).toBe(pythonText.slice(0, 'The whale '.length + 15).trim());
  });
});
