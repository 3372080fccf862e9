import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { serializeGraph } from '../../engine/core/serialize.js';
import { tinyGraph } from '../support/tiny-graphs.js';
import { spawn } from 'node:child_process';
import { REPO_ROOT, runCli, STACK_TRACE } from '../support/run-cli.js';

/** The CLI as a person runs it: train a (shrunk) sample, then sample from it or fill its masks. */
const dir = mkdtempSync(join(tmpdir(), 'pretrain-lab-cli-'));
const lines = (s: string) => s.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);

/** `npm run encoder-reliance -- RUN --batches 2`, as the bench script it is. */
function encoderReliance(run: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/run-ts.mjs', 'bench/encoder-reliance.ts', run, '--batches', '2'], { cwd: REPO_ROOT });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('pretrain-lab train / sample (causal LM)', () => {
  const graph = join(dir, 'gpt.graph.json');
  const run = join(dir, 'gpt-run');
  let events: Record<string, any>[];

  beforeAll(async () => {
    writeFileSync(graph, serializeGraph(tinyGraph('causal-lm')));
    const r = await runCli(['train', graph, '--steps', '20', '--backend', 'wasm', '--seed', '5', '--out', run, '--json']);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.code).toBe(0);
    events = lines(r.stdout);
  });

  it('prints one JSON event a line: start, steps, evals, and done last', () => {
    expect(events[0]).toMatchObject({ event: 'start', backend: 'wasm', totalSteps: 20 });
    const steps = events.filter((e) => e.event === 'step');
    expect(steps.map((e) => e.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const s of steps) {
      expect(Number.isFinite(s.loss)).toBe(true);
      expect(s.tokensPerSec).toBeGreaterThan(0);
    }
    const evals = events.filter((e) => e.event === 'eval');
    expect(evals.map((e) => e.step)).toEqual([10, 20]);
    expect(evals[0]!.metrics).toHaveProperty('accuracy');
    const done = events.at(-1)!;
    expect(done).toMatchObject({ event: 'done', step: 20, backend: 'wasm' });
    expect(done.valLoss).toBe(evals[1]!.valLoss);
    expect(existsSync(join(done.checkpoint, 'manifest.json'))).toBe(true);
  });

  it('writes a run folder with the graph and an events log', () => {
    expect(JSON.parse(readFileSync(join(run, 'graph.json'), 'utf8')).format).toBe('pretrain-lab/graph');
    const logged = lines(readFileSync(join(run, 'events.jsonl'), 'utf8'));
    expect(logged.at(-1)!.event).toBe('done');
  });

  it('samples text that continues the prompt, the same for the same seed', async () => {
    const a = await runCli(['sample', run, '--prompt', 'The whale ', '--tokens', '40', '--seed', '3']);
    expect(a.stderr).not.toMatch(STACK_TRACE);
    expect(a.code).toBe(0);
    expect(a.stdout.startsWith('The whale ')).toBe(true);
    // a character model: one token per character
    expect(a.stdout.trimEnd().length).toBeGreaterThanOrEqual('The whale '.length + 30);
    const b = await runCli(['sample', run, '--prompt', 'The whale ', '--tokens', '40', '--seed', '3']);
    expect(b.stdout).toBe(a.stdout);
  });

  it('a value the output node refuses is named as the option given, not as a setting of the graph', async () => {
    const r = await runCli(['sample', run, '--temperature', '0', '--tokens', '5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pretrain-lab sample: --temperature: .*\(got 0\)$/m);
    expect(r.stderr).not.toMatch(/setting/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('names the characters a prompt has that the vocabulary lacks', async () => {
    const r = await runCli(['sample', run, '--prompt', 'naïve ☃', '--tokens', '5']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/☃/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });
});

describe('pretrain-lab train / fill-mask (masked LM)', () => {
  const graph = join(dir, 'bert.graph.json');
  const run = join(dir, 'bert-run');

  beforeAll(async () => {
    writeFileSync(graph, serializeGraph(tinyGraph('masked-lm')));
    const r = await runCli(['train', graph, '--steps', '10', '--out', run, '--json']);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.code).toBe(0);
    const done = lines(r.stdout).at(-1)!;
    expect(done.event).toBe('done');
    // masked-token accuracy and the most-frequent-token baseline, both in the done event
    expect(done.metrics.accuracy).toBeGreaterThanOrEqual(0);
    expect(done.metrics.baselineAccuracy).toBeGreaterThan(0);
  });

  it('fills each [MASK] with ranked guesses', async () => {
    const r = await runCli(['fill-mask', run, 'Call me Ish[MASK]ael.']);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\[MASK\]/);
    expect(r.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(2);
  });

  it('says so when the text has no mask in it', async () => {
    const r = await runCli(['fill-mask', run, 'no masks here']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\[MASK\]/);
  });

  it('refuses to sample from a masked LM, saying why', async () => {
    const r = await runCli(['sample', run, '--prompt', 'x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Sample text/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });
});

describe('npm run encoder-reliance on a decoder-only run', () => {
  it('is exit 1 saying the model has no encoder-decoder inputs', async () => {
    const r = await encoderReliance(join(dir, 'gpt-run'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/no encoder-decoder inputs/);
    expect(r.out).not.toMatch(STACK_TRACE);
  });
});

describe('pretrain-lab train / infill (T5 span corruption)', () => {
  const graph = join(dir, 't5.graph.json');
  const run = join(dir, 't5-run');

  beforeAll(async () => {
    writeFileSync(graph, serializeGraph(tinyGraph('span-corruption', { optimizer: { steps: 6, evalInterval: 6, evalBatches: 1, warmupSteps: 1 } })));
    const r = await runCli(['train', graph, '--out', run, '--json']);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.code).toBe(0);
  });

  it('fills each sentinel span with the decoder\'s greedy guess', async () => {
    const r = await runCli(['infill', run, 'Call me <extra_id_0>. Some years <extra_id_1> mind how long']);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/<extra_id_0>/);
    expect(r.stdout).toMatch(/Call me /);
  });

  it('npm run encoder-reliance compares the held-out loss with each example\'s own encoder input and the next one\'s', async () => {
    const r = await encoderReliance(run);
    expect(r.out).not.toMatch(STACK_TRACE);
    expect(r.code).toBe(0);
    const m = /held-out loss over 2 batches: ([\d.]+) with each example's own spans\.inputs, ([\d.]+) with the next example's/.exec(r.out);
    expect(m, r.out).not.toBeNull();
    // a few steps in, the model barely reads its encoder, but the two are real, different losses
    expect(Number(m![1])).toBeGreaterThan(0);
    expect(Number(m![2])).not.toBe(Number(m![1]));
  });

  it('a text without a sentinel is exit 1 naming the setting', async () => {
    const r = await runCli(['infill', run, 'no sentinels here']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/text/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });
});

describe('pretrain-lab train, stopped with Ctrl-C, then --resume', () => {
  it('stops at a step boundary with a checkpoint and resumes to the losses of a run never stopped', async () => {
    const graph = join(dir, 'resume.graph.json');
    writeFileSync(graph, serializeGraph(tinyGraph('causal-lm', { optimizer: { steps: 14, evalInterval: 7, evalBatches: 2, warmupSteps: 2 } })));
    const straight = await runCli(['train', graph, '--out', join(dir, 'straight'), '--json']);
    expect(straight.code).toBe(0);
    let sent = false;
    const first = await runCli(['train', graph, '--out', join(dir, 'halves'), '--json'], {
      onStdout: (all, child) => {
        if (!sent && all.includes('"step":3,')) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(first.code).toBe(0);
    const done = lines(first.stdout).at(-1)!;
    expect(done).toMatchObject({ event: 'done', stopped: true });
    const stoppedAt = done.step as number;
    expect(stoppedAt).toBeGreaterThanOrEqual(3);
    expect(stoppedAt).toBeLessThan(14);
    const second = await runCli(['train', '--resume', join(dir, 'halves'), '--json']);
    expect(second.stderr).not.toMatch(STACK_TRACE);
    expect(second.code).toBe(0);
    const a = lines(straight.stdout).filter((e) => e.event === 'step');
    const b = lines(second.stdout).filter((e) => e.event === 'step');
    expect(b[0]!.step).toBe(stoppedAt + 1);
    expect(b.at(-1)!.step).toBe(14);
    expect(b.map((e) => e.loss)).toEqual(a.slice(stoppedAt).map((e) => e.loss));
  });
});
