import { readFileSync } from 'node:fs';
import type { ReadSource } from './library.js';

const repoRoot = new URL('../../', import.meta.url);

/** Library sources read from this checkout (CLI, tests); the app bundles them instead. */
export const readRepoSource: ReadSource = (repoPath) => readFileSync(new URL(repoPath, repoRoot), 'utf8');
