import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { serializeGraph } from '../../engine/core/serialize.js';
import { shrunkForYardsticks, tinyGraph } from '../support/tiny-graphs.js';
import { runCli, STACK_TRACE } from '../support/run-cli.js';

/**
 * `pretrain-lab compare` and `measure` as a person runs them, on shrunk samples whose blocks are
 * long enough for the yardsticks' items (32 tokens): a matched budget, two seeds, the table, the
 * files, and a compare stopped with Ctrl-C after its first run that the same command resumes.
 */

const dir = mkdtempSync(join(tmpdir(), 'pretrain-lab-compare-'));
const out = join(dir, 'out');
const graphs = ['causal-lm', 'masked-lm'].map((s) => join(dir, `${s}.graph.json`));
const lines = (s: string) => s.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, any>);
const args = ['compare', ...graphs, '--budget-tokens', '1280', '--seeds', '2', '--out', out, '--json'];

beforeAll(() => {
  writeFileSync(graphs[0]!, serializeGraph(shrunkForYardsticks('causal-lm')));
  writeFileSync(graphs[1]!, serializeGraph(shrunkForYardsticks('masked-lm')));
});

describe('pretrain-lab compare', () => {
  let first: Record<string, any>[];

  it('stops at Ctrl-C once a run is measured, keeping it', async () => {
    const r = await runCli(args, {
      onStdout: (all, child) => {
        if (/"event":"result"/.test(all)) child.kill('SIGINT');
      },
    });
    expect(r.stderr).not.toMatch(STACK_TRACE);
    first = lines(r.stdout);
    const plan = first.find((e) => e.event === 'plan')!;
    // the same tokens a run: blocks of 33 (the causal shift reads 33 to train on 32) x 4, and 32 x 4
    expect(plan.runs.map((x: { steps: number }) => x.steps)).toEqual([10, 10, 10, 10]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/stopped: \d of 4 runs measured; run the same command to go on/);
    expect(existsSync(join(out, 'compare.json'))).toBe(false);
  });

  it('resumes with the same command: measured runs are kept, the rest trained; one row per graph, n/a where a yardstick does not apply', async () => {
    const r = await runCli(args);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.code, r.stderr).toBe(0);
    const events = lines(r.stdout);
    const runs = events.filter((e) => e.event === 'run');
    expect(runs[0]).toMatchObject({ index: 0, stored: true });
    expect(runs.filter((e) => !e.stored).length).toBeGreaterThan(0);
    const last = events[events.length - 1]!;
    expect(last.event).toBe('compare');
    expect(last.rows).toHaveLength(2);
    const [causal, masked] = last.rows;
    expect(causal).toMatchObject({ seeds: 2, steps: 10 });
    for (const y of ['mean', 'spread', 'baseline']) expect(causal.yardsticks.generation[y]).toBeTypeOf('number');
    expect(causal.yardsticks.infillChars.mean).toBeNull();
    expect(masked.yardsticks.generation.mean).toBeNull();
    expect(masked.yardsticks.generation.note).toMatch(/both sides/);
    expect(masked.yardsticks.infillChars.mean).toBeTypeOf('number');
    expect(masked.yardsticks.probe.randomInit).toBeTypeOf('number');
    const csv = readFileSync(join(out, 'compare.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('graph,name,seeds,steps,tokens_per_step,yardstick,mean,spread,baseline,random_init,higher_is_better,note');
    expect(readFileSync(join(out, 'compare.png')).subarray(1, 4).toString()).toBe('PNG');
    const saved = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    expect(saved.runs).toHaveLength(4);
  });

  it('prints the table for people, and refuses a folder holding another compare', async () => {
    const table = await runCli(['compare', ...graphs, '--budget-tokens', '1280', '--seeds', '2', '--out', out]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^graph\s+seeds\s+steps\s+generation/);
    expect(table.stdout).toMatch(/masked-lm\s+2\s+10\s+n\/a/);
    // the legend names each yardstick once
    expect(table.stdout).toMatch(/^ {2}generation: held-out continuation/m);
    expect(table.stdout).toMatch(/^ {2}infillChars: infill: hidden characters/m);
    const other = await runCli(['compare', graphs[0]!, '--budget-tokens', '999', '--out', out]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/holds a compare of other graphs, budget or seeds/);
  });

  it('goes on past a graph that fails mid-compare: the table has the rest, the failure names its node, exit 1', async () => {
    const broken = join(dir, 'blows-up.graph.json');
    // it compiles, so the compare plans it; its loss is NaN at the first step
    writeFileSync(broken, serializeGraph({ ...tinyGraph('causal-lm', { blocks: { blockSize: 33 }, positions: { maxLength: 32 }, embed: { initStd: 1e30 } }), name: 'Blows up' }));
    const r = await runCli(['compare', broken, graphs[0]!, '--budget-tokens', '640', '--seeds', '2', '--out', join(dir, 'with-failure')]);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\[1\/4\] blows-up seed 1337: failed while training at node decoder: the loss became (NaN|Infinity) at step 1\b.* \(its 1 other run left out\)$/m);
    expect(r.stderr).toMatch(/blows-up\.graph\.json: node decoder: seed 1337 failed while training: the loss became (NaN|Infinity) at step 1/);
    expect(r.stderr).toContain('1 graph failed: fix it and run the same command to try again (measured runs are kept)');
    expect(r.stdout).toMatch(/causal-lm\s+2\s+5\s+\d/);
    expect(r.stdout).not.toContain('blows-up');
    expect(JSON.parse(readFileSync(join(dir, 'with-failure', 'compare.json'), 'utf8')).failures).toMatchObject([{ graph: broken, nodeId: 'decoder', skipped: [1] }]);
  });

  it('measure: every yardstick on a finished run folder', async () => {
    const run = join(out, '01-causal-lm-gpt-style-on-moby-dick-seed1337');
    const r = await runCli(['measure', run, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const m = lines(r.stdout)[0]!;
    expect(m).toMatchObject({ event: 'measures', step: 10 });
    const saved = JSON.parse(readFileSync(join(run, 'result.json'), 'utf8'));
    // the same figure compare measured, from the checkpoint
    expect(m.measures.generation.value).toBeCloseTo(saved.measures.generation.value, 5);
  });
});
