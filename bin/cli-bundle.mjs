// The CLI is TypeScript and a fresh clone needs no build step. Run through tsx, every start
// resolves and loads ~230 source files through its loader hooks; so on first use esbuild bundles
// cli/entry.ts and what it imports (npm packages stay outside) into node_modules/.cache, and later
// starts run that bundle — rebuilt when a file it was built from has changed. Measured on a 2-core
// machine: `validate` 0.66-0.69 s against 1.33-1.43 s through tsx, `--help` 0.16 s against 0.37 s.
// Where no bundle can be written (a read-only checkout), the caller falls back to tsx.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// bump when the build below changes, so that bundles made by an older one are not reused
const FORMAT = 1;
const ENTRY = 'cli/entry.ts';
// Old bundles are removed once this old (each is ~1.7 MB, and every edit of a source makes one).
// A command started from one loads the chunks it needs as it starts (its command's, its backend's):
// a run going on for hours from a removed bundle has nothing left to load from it.
const KEEP_OLD_MS = 10 * 60 * 1000;

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

export function defaultCacheDir() {
  return process.env.PRETRAIN_LAB_CLI_CACHE || join(REPO_ROOT, 'node_modules', '.cache', 'pretrain-lab-cli');
}

const stamp = (file) => {
  try {
    const s = statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return null;
  }
};

/** The manifest's bundle when every file it was built from is as it was then; else null. */
export function freshBundle(cacheDir, root = REPO_ROOT) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(cacheDir, 'manifest.json'), 'utf8'));
  } catch {
    return null;
  }
  if (manifest.format !== FORMAT || typeof manifest.dir !== 'string' || !manifest.inputs) return null;
  const entry = join(cacheDir, manifest.dir, 'entry.mjs');
  if (!existsSync(entry)) return null;
  for (const [file, was] of Object.entries(manifest.inputs)) if (stamp(join(root, file)) !== was) return null;
  return entry;
}

/** Bundle the CLI into a folder of its own under `cacheDir` and make it the manifest's; its entry file. */
export async function buildBundle(cacheDir, root = REPO_ROOT) {
  const { build } = await import('esbuild');
  mkdirSync(cacheDir, { recursive: true });
  const dir = `b-${Date.now().toString(36)}-${process.pid}`;
  const outdir = join(cacheDir, dir);
  const result = await build({
    absWorkingDir: root,
    entryPoints: { entry: ENTRY },
    bundle: true,
    // commands stay separate chunks, loaded when they run (help never loads tfjs)
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outdir,
    outExtension: { '.js': '.mjs' },
    sourcemap: true,
    metafile: true,
    logLevel: 'silent',
  });
  // stamps taken after the build: a file edited while it ran makes the next start build again
  const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((file) => [file, stamp(join(root, file))]));
  const manifest = join(cacheDir, `manifest-${dir}.json`);
  writeFileSync(manifest, JSON.stringify({ format: FORMAT, dir, inputs }));
  // atomic: a start running beside this one reads the old manifest or the new, never half of one
  renameSync(manifest, join(cacheDir, 'manifest.json'));
  removeOldBundles(cacheDir, dir);
  return join(outdir, 'entry.mjs');
}

function removeOldBundles(cacheDir, keep) {
  for (const name of readdirSync(cacheDir)) {
    if (name === keep || !/^b-|^manifest-b-/.test(name)) continue;
    const path = join(cacheDir, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > KEEP_OLD_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // another start removed it first
    }
  }
}

/**
 * The file URL of an up-to-date bundle of the CLI, built now if there is none; null when it
 * cannot be built here (the reason in PRETRAIN_LAB_DEBUG's output), and the caller uses tsx.
 */
export async function bundledCli(cacheDir = defaultCacheDir()) {
  if (process.env.PRETRAIN_LAB_CLI_BUNDLE === '0') return null;
  try {
    // the bundle imports the npm packages by name: only from inside the checkout do they resolve
    const inside = relative(REPO_ROOT, cacheDir);
    if (inside.startsWith('..') || isAbsolute(inside)) throw new Error(`${cacheDir} is outside the checkout ${REPO_ROOT}, where its npm packages cannot be found`);
    const entry = freshBundle(cacheDir) ?? (await buildBundle(cacheDir));
    return pathToFileURL(entry).href;
  } catch (e) {
    if (process.env.PRETRAIN_LAB_DEBUG) process.stderr.write(`pretrain-lab: running through tsx (no bundle: ${e instanceof Error ? e.message : e})\n`);
    return null;
  }
}

export const TSX_ENTRY = pathToFileURL(join(REPO_ROOT, ENTRY)).href;
