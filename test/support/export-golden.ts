import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeGraph } from '../../engine/core/serialize.js';
import type { GraphDocument } from '../../engine/core/graph-document.js';
import { exportGraph } from '../../engine/export/export-graph.js';
import { formatProgram } from '../../engine/export/format-program.js';
import { readRepoSource } from '../../engine/export/node-library-source.js';
import { createRegistry } from '../../graph-nodes/index.js';
import { REPO_ROOT, runCli } from './run-cli.js';

/**
 * The golden comparison of issue #5: a graph trained by `pretrain-lab train` and by its export
 * (`pretrain-lab export`, then `npx tsx OUT.ts`, placed in the project root), same seed, same
 * backend. Both run as child processes, side by side.
 */

export interface RunLines {
  losses: number[];
  valLoss: number | undefined;
  metrics: Record<string, number> | undefined;
  /** the output nodes' results, by node id */
  outputs: Record<string, unknown>;
  stderr: string;
  code: number | null;
}

function parseRun(stdout: string, stderr: string, code: number | null): RunLines {
  const events = stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { event: string; loss?: number; valLoss?: number; metrics?: Record<string, number>; nodeId?: string; output?: unknown });
  const done = events.find((e) => e.event === 'done');
  const outputs = Object.fromEntries(events.filter((e) => e.event === 'output').map((e) => [e.nodeId!, e.output]));
  return { losses: events.filter((e) => e.event === 'step').map((e) => e.loss!), valLoss: done?.valLoss, metrics: done?.metrics, outputs, stderr, code };
}

/** Node on `args`, from `cwd`, with `env` added to this process's environment. */
export function runNode(args: string[], cwd = REPO_ROOT, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const TSX = join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs');
const TSC = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');

/**
 * Export `doc` into the project root (where the program finds node_modules) as `pretrain-lab
 * export` does, in this process: a CLI start per sample cost more than the export itself, and
 * test/export/export-cli.test.ts runs the command. Returns the program's path.
 */
export async function exportToRoot(doc: GraphDocument, name: string): Promise<string> {
  const fileName = `.export-${name}.ts`;
  const { source } = exportGraph(doc, { registry: createRegistry(), read: readRepoSource, fileName });
  const path = join(REPO_ROOT, fileName);
  writeFileSync(path, await formatProgram(source));
  return path;
}

/** The type check, on several programs at once. */
export function typeCheck(files: string[]) {
  return runNode([TSC, '--strict', '--noEmit', '--skipLibCheck', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', ...files]);
}

/** Train `doc` for `steps` with the engine's CLI and with its exported program, at once. */
export async function trainBoth(doc: GraphDocument, program: string, backend: 'cpu' | 'wasm', steps: number, cwd = REPO_ROOT): Promise<{ engine: RunLines; exported: RunLines }> {
  const dir = mkdtempSync(join(tmpdir(), 'export-golden-run-'));
  try {
    const graphFile = join(dir, 'graph.json');
    writeFileSync(graphFile, serializeGraph(doc));
    const [engine, exported] = await Promise.all([
      runCli(['train', graphFile, '--steps', String(steps), '--backend', backend, '--json', '--out', join(dir, 'run')], { cwd }),
      runNode([TSX, program, '--steps', String(steps), '--backend', backend, '--json'], cwd),
    ]);
    return { engine: parseRun(engine.stdout, engine.stderr, engine.code), exported: parseRun(exported.stdout, exported.stderr, exported.code) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The largest relative difference between two runs' losses (Infinity when their lengths differ). */
export function worstRelativeDifference(a: number[], b: number[]): number {
  if (a.length !== b.length || a.length === 0) return Infinity;
  return Math.max(...a.map((x, i) => Math.abs(x - b[i]!) / Math.max(Math.abs(x), 1e-12)));
}

/**
 * A checkpoint node that reads runs/<sample> (the samples' convention) is pointed at a one-step
 * run of that sample at full size: the shapes are the sample's, which is what loading checks.
 */
export async function withSampleRuns(doc: GraphDocument, runsDir: string): Promise<GraphDocument> {
  const nodes = [];
  for (const n of doc.nodes) {
    const source = n.type === 'checkpoint/load-weights' ? /^runs\/([\w-]+)$/.exec(String((n.params as { run?: unknown }).run))?.[1] : undefined;
    if (!source) {
      nodes.push(n);
      continue;
    }
    const out = join(runsDir, source);
    if (!existsSync(out)) {
      const r = await runCli(['train', `samples/${source}.graph.json`, '--steps', '1', '--backend', 'wasm', '--json', '--out', out]);
      if (r.code !== 0) throw new Error(`training ${source} for one step failed: ${r.stderr}`);
    }
    nodes.push({ ...n, params: { ...n.params, run: out } });
  }
  return { ...doc, nodes };
}
