import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBundle, freshBundle } from '../../bin/cli-bundle.mjs';
import { runNode } from '../support/export-golden.js';
import { REPO_ROOT, STACK_TRACE } from '../support/run-cli.js';

/**
 * bin/pretrain-lab.mjs runs the CLI from an esbuild bundle it keeps under node_modules/.cache,
 * rebuilt when a source changed; where none can be written it runs through tsx. Here: a source
 * edited after a build makes the bundle stale; launches on an empty cache, several at once,
 * all work and leave one bundle behind; an unwritable cache falls back to tsx.
 */

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A cache folder inside the checkout: the bundle imports the npm packages from its node_modules. */
function cacheInRepo(): string {
  const dir = join(REPO_ROOT, 'node_modules', '.cache', `pretrain-lab-cli-test-${process.pid}-${made.length}`);
  made.push(dir);
  return dir;
}

const launch = (args: string[], cache: string) => runNode([join(REPO_ROOT, 'bin/pretrain-lab.mjs'), ...args], REPO_ROOT, { PRETRAIN_LAB_CLI_CACHE: cache, PRETRAIN_LAB_DEBUG: '1' });

describe('the bundled CLI', () => {
  it('is stale once a file it was built from changes, and the rebuild holds the change', async () => {
    // a copy of the sources, so the edit touches nothing another test reads
    const root = mkdtempSync(join(tmpdir(), 'pretrain-lab-bundle-src-'));
    made.push(root);
    for (const dir of ['cli', 'engine', 'graph-nodes', 'yardsticks']) cpSync(join(REPO_ROOT, dir), join(root, dir), { recursive: true });
    const cache = join(root, 'cache');
    const first = await buildBundle(cache, root);
    expect(freshBundle(cache, root)).toBe(first);

    // a bundle an hour old goes when the next is built; one a minute old stays (a command may be starting from it)
    const hourOld = join(cache, 'b-hour-old');
    const minuteOld = join(cache, 'b-minute-old');
    for (const [dir, age] of [
      [hourOld, 3600],
      [minuteOld, 60],
    ] as const) {
      mkdirSync(dir);
      const then = Date.now() / 1000 - age;
      utimesSync(dir, then, then);
    }
    const usage = join(root, 'cli/usage.ts');
    writeFileSync(usage, readFileSync(usage, 'utf8').replace('Trains every graph on the same budget', 'EDITED_AFTER_THE_BUILD'));
    expect(freshBundle(cache, root)).toBeNull();
    const second = await buildBundle(cache, root);
    expect(second).not.toBe(first);
    expect(freshBundle(cache, root)).toBe(second);
    expect(existsSync(first)).toBe(true);
    expect(existsSync(hourOld)).toBe(false);
    expect(existsSync(minuteOld)).toBe(true);
    const chunks = readdirSync(join(second, '..')).filter((f) => f.endsWith('.mjs'));
    expect(chunks.some((f) => readFileSync(join(second, '..', f), 'utf8').includes('EDITED_AFTER_THE_BUILD'))).toBe(true);

    // a file it was built from that is gone also makes it stale
    rmSync(join(root, 'cli/usage.ts'));
    expect(freshBundle(cache, root)).toBeNull();
  });

  it('starts on an empty cache, several launches at once, and later launches reuse the one bundle', async () => {
    const cache = cacheInRepo();
    const runs = await Promise.all([1, 2, 3].map(() => launch(['validate', 'samples/causal-lm.graph.json'], cache)));
    for (const r of runs) {
      expect(r.stderr).not.toMatch(/running through tsx/);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('causal-lm.graph.json: valid');
    }
    const manifest = JSON.parse(readFileSync(join(cache, 'manifest.json'), 'utf8')) as { dir: string };
    expect(existsSync(join(cache, manifest.dir, 'entry.mjs'))).toBe(true);
    const again = await launch(['validate', 'samples/masked-lm.graph.json'], cache);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(cache, 'manifest.json'), 'utf8'))).toEqual(manifest);
  });

  it('runs through tsx where no bundle can be written, saying why under PRETRAIN_LAB_DEBUG', async () => {
    // a folder cannot be made inside a file
    const r = await launch(['validate', 'samples/causal-lm.graph.json'], join(REPO_ROOT, 'package.json', 'cache'));
    expect(r.stderr).toMatch(/running through tsx \(no bundle: .*ENOTDIR/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('causal-lm.graph.json: valid');
  });
});
