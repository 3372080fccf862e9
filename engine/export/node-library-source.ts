import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReadSource } from './library.js';

/**
 * The checkout this module runs from: the nearest folder above it whose package.json is this
 * package's. Found by walking up rather than a fixed '../../', because the CLI runs this code
 * from a bundle under node_modules/.cache (bin/cli-bundle.mjs) as well as from engine/export/.
 */
function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'pretrain-lab') return dir;
    if (dirname(dir) === dir) throw new Error(`no pretrain-lab checkout above ${from}: the library sources an export prints are read from one`);
  }
}

let repoRoot: string | undefined;

/** Library sources read from this checkout (CLI, tests); the app bundles them instead. */
export const readRepoSource: ReadSource = (repoPath) => readFileSync(join((repoRoot ??= findRepoRoot(dirname(fileURLToPath(import.meta.url)))), repoPath), 'utf8');
