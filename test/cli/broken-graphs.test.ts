import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, STACK_TRACE, type CliResult } from '../support/run-cli.js';

/** The CLI run once, on first use, for every test that reads it. */
function beforeAllRun(args: string[]): () => Promise<CliResult> {
  let result: Promise<CliResult> | undefined;
  return () => (result ??= runCli(args));
}

/**
 * Every file in test/fixtures/broken-graphs is a graph a person could plausibly write or receive.
 * Each must fail validation with exit 1 and a first line that names where the problem is: the
 * node and port (or setting), or the line and column for a file that is not JSON at all.
 */
const DIR = 'test/fixtures/broken-graphs';
const EXPECTED: Record<string, RegExp> = {
  'empty-file': /: the file is empty$/,
  'invalid-json': /: not valid JSON: .* at line 6, column 3$/,
  'not-an-object': /: the file does not hold a JSON object$/,
  'wrong-format': /: this is not a Pretrain Lab graph: "format" is "pretrain-lab\/notebook"/,
  'unknown-version': /: the file is format version 7, newer than this app reads \(1\)/,
  'missing-nodes': /: "nodes" is missing/,
  'unknown-node-type': /: node decoder: unknown node type "model\/transfomer-decoder"$/,
  'duplicate-node-id': /: node head: two nodes share the id "head"$/,
  cycle: /: node positions: is part of a cycle \(positions -> decoder -> positions\)/,
  'missing-input': /: node loss\.targets: needs an input here/,
  'wrong-role': /: node decoder\.hidden: targets \(token ids\) \[B,64\] cannot feed hidden states \[B,T,D\]/,
  'shape-mismatch': /: node positions\.hidden: sequences have 64 positions but maxLength is 32/,
  'out-of-range-param': /: node optimizer: setting "learningRate": must be at least 0\.000001 \(got -0\.5\)$/,
  'wrong-param-type': /: node blocks: setting "batchSize": must be a number \(got "sixteen"\)$/,
  'unknown-param': /: node decoder: unknown setting "layerz" \(Transformer decoder has: layers, heads/,
  'heads-do-not-divide-width': /: node decoder: setting "heads": the model width 128 does not split over 5 heads/,
  'unknown-port': /: node loss\.target: Cross-entropy has no input "target" \(it has: logits, targets, weights, branch, inputs\)$/,
  'two-edges-into-one-input': /: node loss\.targets: has more than one connection into this input/,
  'edge-from-missing-node': /: node tokenizer\.text: a connection comes from node "ghost", which does not exist$/,
  'no-loss': /: the graph has no optimizer/,
  'ids-into-logits': /: node loss\.logits: token ids \[B,65\] cannot feed logits \[B,T,V\]/,
  'mask-fractions-above-one': /: node masking: setting "randomFraction": maskFraction \+ randomFraction must be at most 1/,
  'no-mask-token': /: node masking\.ids: needs a \[MASK\] token, but the tokenizer has none/,
  'reserved-node-id': /: node __proto__: "id" is a name every JavaScript object already has: pick another$/,
  'deeply-nested-setting': /: node decoder: its settings nest more than 16 levels deep/,
  'targets-into-weights': /: node loss\.weights: targets \(token ids\) \[B,64\] cannot feed loss weights \[B,T\]/,
};

const files = readdirSync(DIR).filter((f) => f.endsWith('.graph.json')).sort();

describe('pretrain-lab validate on broken graphs', () => {
  it('has at least 15 broken graphs, each with an expected message', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
    expect(files.map((f) => f.replace('.graph.json', '')).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  // one command for them all (starting the CLI is most of a validation's time), each file's lines its own
  const all = beforeAllRun(['validate', ...files.map((f) => `${DIR}/${f}`)]);

  it('exits 1 with no stack trace for any of them', async () => {
    const r = await all();
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stdout).not.toMatch(STACK_TRACE);
    expect(r.code).toBe(1);
    // one line per diagnostic, each starting with a file's name, and no file valid
    const lines = r.stdout.trim().split('\n');
    for (const line of lines) expect(files.some((f) => line.startsWith(`${DIR}/${f}: `))).toBe(true);
    expect(lines.filter((l) => /: valid(;|$)/.test(l))).toEqual([]);
  });

  it.each(files)('%s: the problem named where it is', async (file) => {
    const path = `${DIR}/${file}`;
    const errors = (await all()).stdout.split('\n').filter((l) => l.startsWith(`${path}: `));
    expect(errors[0]).toMatch(EXPECTED[file.replace('.graph.json', '')]!);
  });

  it('exits 1 for one broken file alone, 0 for a valid one beside it only when it is alone', async () => {
    const one = await runCli(['validate', `${DIR}/cycle.graph.json`]);
    expect(one.code).toBe(1);
    const mixed = await runCli(['validate', 'samples/causal-lm.graph.json', `${DIR}/cycle.graph.json`]);
    expect(mixed.code).toBe(1);
    expect(mixed.stdout).toMatch(/^samples\/causal-lm\.graph\.json: valid; 437,760 weights, about 16\.2 MiB a training step \(assuming V = 256 /m);
    expect((await runCli(['validate', 'samples/causal-lm.graph.json', 'samples/masked-lm.graph.json'])).code).toBe(0);
  });

  it('gives the same diagnostics as JSON with --json, node and port as fields', async () => {
    const r = await runCli(['validate', `${DIR}/missing-input.graph.json`, '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.valid).toBe(false);
    expect(out.diagnostics[0]).toMatchObject({ nodeId: 'loss', port: 'targets', severity: 'error' });
  });

  it('training a broken graph stops before any work with the same messages', async () => {
    const r = await runCli(['train', `${DIR}/heads-do-not-divide-width.graph.json`, '--steps', '1', '--out', '/nonexistent/never-written']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/node decoder: setting "heads"/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });
});

describe('pretrain-lab usage errors', () => {
  it.each([
    [['validate']],
    [['validate', '--frobnicate', 'a.json']],
    [['frobnicate']],
    [['train', 'samples/causal-lm.graph.json', '--steps', 'abc']],
    [['train', 'samples/causal-lm.graph.json', '--backend', 'gpu']],
    [['train', 'samples/causal-lm.graph.json', '--fsdp']],
    [['sample']],
    [['fill-mask', 'runs/x']],
  ])('%j exits 2 with the usage', async (args) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pretrain-lab/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('a mistyped command or option gets the nearest one; a negative number is judged as a number', async () => {
    const command = await runCli(['trian', 'samples/causal-lm.graph.json']);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/^pretrain-lab: unknown command "trian" \(did you mean train\?\)$/m);
    const option = await runCli(['train', 'samples/causal-lm.graph.json', '--step', '5']);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/^pretrain-lab train: unknown option --step \(did you mean --steps\?\)$/m);
    const negative = await runCli(['train', 'samples/causal-lm.graph.json', '--steps', '-1']);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toMatch(/^pretrain-lab train: --steps must be a whole number >= 1, got "-1"$/m);
  });

  it('--version prints the version of this checkout', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`pretrain-lab ${JSON.parse(readFileSync('package.json', 'utf8')).version}\n`);
  });

  it('a file that does not exist is exit 1 with the reason', async () => {
    const r = await runCli(['validate', 'no/such/graph.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^no\/such\/graph\.json: cannot read the file: no such file$/m);
  });

  it('a run folder that does not exist is exit 1 with the reason', async () => {
    const r = await runCli(['sample', 'no/such/run', '--prompt', 'x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no\/such\/run/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });
});
