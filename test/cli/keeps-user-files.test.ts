import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeGraph } from '../../engine/core/serialize.js';
import { freeDefaultRunDir, makeDirs } from '../../engine/train/node-run-folder.js';
import { tinyGraph } from '../support/tiny-graphs.js';
import { runCli, STACK_TRACE, type CliResult } from '../support/run-cli.js';

/**
 * Bad input loses nothing the user made: a run trained into a folder that holds something, or an
 * export over a file or data folder that is not an earlier export, is refused with one line
 * naming the flag and the path, before anything is written. Re-exporting over an export works.
 */
const dir = mkdtempSync(join(tmpdir(), 'pretrain-lab-keeps-'));
const graph = join(dir, 'gpt.graph.json');
writeFileSync(graph, serializeGraph(tinyGraph('causal-lm')));
const snapshot = (folder: string) => Object.fromEntries(readdirSync(folder, { recursive: true, encoding: 'utf8' }).map((f) => [f, readFileSync(join(folder, f), { flag: 'r' }).length]));

describe('pretrain-lab train --out', () => {
  it('refuses a folder that holds a run, saying to --resume it, and leaves that run as it was', async () => {
    const run = join(dir, 'run');
    expect((await runCli(['train', graph, '--steps', '2', '--out', run, '--json'])).code).toBe(0);
    const weights = readFileSync(join(run, 'ckpt-0000002', 'weights.bin'));
    const before = readFileSync(join(run, 'events.jsonl'), 'utf8');
    const again = await runCli(['train', graph, '--steps', '2', '--seed', '99', '--out', run]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`pretrain-lab train: --out ${run} already holds a run: give a new folder, or continue that run with --resume ${run}\n`);
    expect(readFileSync(join(run, 'ckpt-0000002', 'weights.bin')).equals(weights)).toBe(true);
    expect(readFileSync(join(run, 'events.jsonl'), 'utf8')).toBe(before);
  });

  it('--resume refuses what it would have ignored: a graph file, another --out, --steps not above its checkpoint', async () => {
    const run = join(dir, 'run'); // the run the test above trained, 2 steps
    const usage = (r: CliResult) => [r.code, r.stderr.split('\n')[0]];
    expect(usage(await runCli(['train', graph, '--resume', run]))).toEqual([
      2,
      `pretrain-lab train: --resume continues the run with the graph it was trained on (${join(run, 'graph.json')}): leave out ${graph}`,
    ]);
    expect(usage(await runCli(['train', '--resume', run, '--steps', '4', '--out', join(dir, 'elsewhere')]))).toEqual([
      2,
      'pretrain-lab train: --resume continues the run in its own folder: leave out --out',
    ]);
    const over = await runCli(['train', '--resume', run, '--steps', '1']);
    expect([over.code, over.stderr]).toEqual([1, `pretrain-lab train: --resume ${run}: its checkpoint is at step 2, and the run has 1 steps: give --steps above 2 to train on\n`]);
    expect(readdirSync(dir)).not.toContain('elsewhere');
  });

  it('refuses a folder of other files, and a file, before loading any data; an empty folder is used', async () => {
    const mine = join(dir, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'graph.txt'), 'my notes');
    const r = await runCli(['train', graph, '--steps', '1', '--out', mine]);
    expect([r.code, r.stdout, r.stderr]).toEqual([1, '', `pretrain-lab train: --out ${mine} is a folder with files in it (graph.txt): give a new or empty folder for the run\n`]);
    expect(readdirSync(mine)).toEqual(['graph.txt']);

    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'mine');
    const f = await runCli(['train', graph, '--steps', '1', '--out', file, '--json']);
    expect(f.code).toBe(1);
    expect(JSON.parse(f.stdout)).toEqual({ event: 'error', step: 0, nodeId: null, message: `--out ${file} is a file: give a folder for the run` });
    expect(readFileSync(file, 'utf8')).toBe('mine');

    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect((await runCli(['train', graph, '--steps', '1', '--out', empty, '--json'])).code).toBe(0);
    expect(readdirSync(empty)).toContain('ckpt-0000001');
  });

  it.skipIf(process.platform !== 'linux')('a run folder that cannot be made is said, not a hang (Node 20 recursive mkdir spins under /proc)', async () => {
    await expect(makeDirs('/proc/pretrain-lab-never/run')).rejects.toThrow(/ENOENT/);
    const r = await runCli(['train', graph, '--steps', '1', '--out', '/proc/pretrain-lab-never']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^pretrain-lab train: cannot make the run folder \/proc\/pretrain-lab-never: ENOENT/m);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('the default folder of a run started in the same second as another gets -2', async () => {
    const cwd = process.cwd();
    const at = new Date('2026-12-04T10:00:00Z');
    const doc = tinyGraph('causal-lm');
    process.chdir(dir);
    try {
      const first = await freeDefaultRunDir(doc, at);
      await makeDirs(first);
      expect(await freeDefaultRunDir(doc, at)).toBe(first); // empty: still free
      writeFileSync(join(first, 'graph.json'), '{}');
      expect(await freeDefaultRunDir(doc, at)).toBe(`${first}-2`);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('pretrain-lab export -o', () => {
  it('refuses to replace a file that is not an export, and a data folder with no export beside it; replaces an earlier export', async () => {
    const py = join(dir, 'mine.py');
    writeFileSync(py, 'print("mine")\n');
    const r = await runCli(['export', graph, '--target', 'pytorch', '-o', py]);
    expect([r.code, r.stderr]).toEqual([
      1,
      `pretrain-lab export: -o: ${py} exists and is not a program exported from Pretrain Lab: give another file name, or move it away first (nothing was written)\n`,
    ]);
    expect(readFileSync(py, 'utf8')).toBe('print("mine")\n');

    const data = join(dir, 'other.data');
    mkdirSync(data);
    writeFileSync(join(data, 'keep.txt'), 'keep');
    const d = await runCli(['export', graph, '--target', 'pytorch', '-o', join(dir, 'other.py')]);
    expect(d.code).toBe(1);
    expect(d.stderr).toMatch(/other\.data\/ exists \(holding keep\.txt\) with no exported program at .*other\.py/);
    expect(snapshot(data)).toEqual({ 'keep.txt': 4 });

    const ts = join(dir, 'mine.ts');
    writeFileSync(ts, 'export {};\n');
    expect((await runCli(['export', graph, '-o', ts])).code).toBe(1);
    expect(readFileSync(ts, 'utf8')).toBe('export {};\n');

    // an earlier export is replaced: the program and its data folder
    const fresh = join(dir, 'sub', 'fresh.py');
    for (let i = 0; i < 2; i++) expect((await runCli(['export', graph, '--target', 'pytorch', '-o', fresh])).code).toBe(0);
    const freshTs = join(dir, 'sub', 'fresh.ts');
    for (let i = 0; i < 2; i++) expect((await runCli(['export', graph, '-o', freshTs])).code).toBe(0);
  });
});
