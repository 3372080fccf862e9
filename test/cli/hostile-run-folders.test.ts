import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { serializeGraph } from '../../engine/core/serialize.js';
import { tinyGraph } from '../support/tiny-graphs.js';
import { runCli, STACK_TRACE } from '../support/run-cli.js';

/**
 * A run folder is untrusted input (issue #13): folders crafted from a real run must be refused
 * with one plain line naming what is wrong, without hanging, growing, or writing outside them.
 */

const dir = mkdtempSync(join(tmpdir(), 'pretrain-lab-hostile-'));
const good = join(dir, 'good');

/** A copy of the good run to damage; returns it and its checkpoint folder. */
function crafted(name: string): { run: string; ckpt: string } {
  const run = join(dir, name);
  rmSync(run, { recursive: true, force: true });
  cpSync(good, run, { recursive: true });
  const latest = readFileSync(join(run, 'latest'), 'utf8').trim();
  return { run, ckpt: join(run, latest) };
}

function editManifest(ckpt: string, edit: (m: Record<string, any>) => void): void {
  const file = join(ckpt, 'manifest.json');
  const m = JSON.parse(readFileSync(file, 'utf8'));
  edit(m);
  writeFileSync(file, JSON.stringify(m));
}

async function refused(args: string[], message: RegExp): Promise<void> {
  const r = await runCli(args);
  expect(r.stderr).not.toMatch(STACK_TRACE);
  expect(r.stderr).toMatch(message);
  expect(r.code).toBe(1);
}

beforeAll(async () => {
  const graph = join(dir, 'gpt.graph.json');
  writeFileSync(graph, serializeGraph(tinyGraph('causal-lm')));
  const r = await runCli(['train', graph, '--steps', '4', '--backend', 'wasm', '--out', good, '--json']);
  expect(r.code, r.stderr).toBe(0);
});

describe('hostile run folders', () => {
  it('a node renamed to a path in the manifest: refused by the graph checks, nothing written outside the run', async () => {
    const { run, ckpt } = crafted('rename');
    const escape = join(dir, 'escaped');
    editManifest(ckpt, (m) => {
      const tok = m.graph.nodes.find((n: { id: string }) => n.id === 'tokenizer');
      tok.id = '../escaped/x';
      for (const e of m.graph.edges) for (const end of [e.from, e.to]) if (end.node === 'tokenizer') end.node = '../escaped/x';
      m.sourceStates['../escaped/x'] = m.sourceStates.tokenizer;
    });
    for (const args of [['sample', run, '--tokens', '5'], ['train', '--resume', run, '--steps', '5']]) {
      await refused(args, /the graph in its checkpoint is not a valid graph: .*may hold only letters, digits/);
    }
    expect(existsSync(escape)).toBe(false);
  });

  it('weights.bin as a FIFO or a link to /dev/zero: refused at once, nothing read', async () => {
    const fifo = crafted('fifo');
    rmSync(join(fifo.ckpt, 'weights.bin'));
    execFileSync('mkfifo', [join(fifo.ckpt, 'weights.bin')]);
    await refused(['sample', fifo.run, '--tokens', '5'], /weights\.bin is not a plain file/);
    const link = crafted('link');
    rmSync(join(link.ckpt, 'weights.bin'));
    symlinkSync('/dev/zero', join(link.ckpt, 'weights.bin'));
    await refused(['sample', link.run, '--tokens', '5'], /weights\.bin is a link .*must be plain files/);
  });

  it('what was given instead of a run is named: a missing folder, a graph file, checkpoints with no "latest"', async () => {
    await refused(['sample', join(dir, 'never')], /never: no such folder: give a run folder made by "pretrain-lab train"/);
    await refused(
      ['sample', 'samples/causal-lm.graph.json', '--tokens', '5'],
      /samples\/causal-lm\.graph\.json is a file \(a graph\?\), not a run: train it with "pretrain-lab train samples\/causal-lm\.graph\.json"/,
    );
    const { run } = crafted('no-latest');
    rmSync(join(run, 'latest'));
    await refused(['sample', run], /has checkpoints \(ckpt-0000004\) but no "latest" file naming the one to use: give one of them, e\.g\. .*ckpt-0000004/);
  });

  it('latest naming a folder outside the run, or not a checkpoint: refused', async () => {
    const { run } = crafted('latest');
    cpSync(join(good), join(dir, 'other'), { recursive: true });
    const otherCkpt = readdirSync(join(dir, 'other')).find((f) => f.startsWith('ckpt-'))!;
    writeFileSync(join(run, 'latest'), `../other/${otherCkpt}\n`);
    await refused(['sample', run, '--tokens', '5'], /"latest" names "\.\.\/other\/ckpt-\d+", which is not a checkpoint folder of this run/);
    writeFileSync(join(run, 'latest'), 'ckpt-9999999\n');
    await refused(['sample', run, '--tokens', '5'], /"latest" names ckpt-9999999, which is not a folder in the run/);
  });

  it('a damaged manifest says which field; invalid JSON is called invalid, not missing', async () => {
    const cases: [string, (m: Record<string, any>) => void, RegExp][] = [
      ['no-variables', (m) => delete m.variables, /"variables" is missing or not a list/],
      ['bad-shape', (m) => (m.variables[0].shape = ['x']), /"variables"\[0\] is not a \{name, shape\}/],
      ['no-step', (m) => (m.step = 'ten'), /"step" is missing or not a whole number/],
      ['no-graph', (m) => (m.graph = 3), /"graph" is missing or has no list of nodes/],
      ['wrong-format', (m) => (m.format = 'something/else'), /is not a Pretrain Lab checkpoint/],
      ['more-variables', (m) => m.variables.push({ name: 'extra/w', shape: [1000] }), /weights\.bin holds \d+ bytes, but the manifest's variables need \d+/],
    ];
    await Promise.all(
      cases.map(async ([name, edit, message]) => {
        const { run, ckpt } = crafted(name);
        editManifest(ckpt, edit);
        await refused(['sample', run, '--tokens', '5'], message);
      }),
    );
    const { run, ckpt } = crafted('not-json');
    writeFileSync(join(ckpt, 'manifest.json'), '{"format": "pretrain-lab/checkpoint", ');
    await refused(['sample', run, '--tokens', '5'], /manifest\.json is not valid JSON .*the checkpoint is damaged/);
  });
});
