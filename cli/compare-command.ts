import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { initCliBackend } from '../engine/backend/node-cli-backend.js';
import { createNodeDataSource } from '../engine/data/node-data-source.js';
import { serializeGraph } from '../engine/core/serialize.js';
import { DirectoryCheckpointStore, loadCheckpoint } from '../engine/train/node-checkpoint-store.js';
import { createRegistry } from '../graph-nodes/index.js';
import { compare, DEFAULT_BUDGET_TOKENS, type CompareEvent, type CompareGraph, type CompareRow, type CompareStore, type RunResult } from '../yardsticks/compare.js';
import { compareChart, shortLabel } from '../yardsticks/compare-chart.js';
import { compareCsv } from '../yardsticks/compare-csv.js';
import { YARDSTICKS, type YardstickName } from '../yardsticks/index.js';
import { loadGraphFile, printDiagnostics } from './load-graph-file.js';
import { intOption, UsageError, type Options } from './command.js';
import { rgbPng } from './png.js';
import { backendOption } from './train-command.js';

/** A run folder per (graph, seed) under `out`: its checkpoints, and result.json once measured. */
function fileStore(out: string): CompareStore {
  return {
    async result(key) {
      const file = join(out, key, 'result.json');
      return existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as RunResult) : undefined;
    },
    async saveResult(key, r) {
      await writeFile(join(out, key, 'result.json'), JSON.stringify(r));
    },
    checkpoints: (key) => new DirectoryCheckpointStore(join(out, key)),
    async latestCheckpoint(key) {
      return existsSync(join(out, key, 'latest')) ? loadCheckpoint(join(out, key)) : undefined;
    },
  };
}

/** A graph file, or the name of a sample ("causal-lm" reads samples/causal-lm.graph.json). */
function graphPath(arg: string): string {
  if (existsSync(arg)) return arg;
  const sample = join('samples', `${arg}.graph.json`);
  return existsSync(sample) ? sample : arg;
}

function cell(y: CompareRow['yardsticks'][YardstickName]): string {
  if (y.mean === null) return 'n/a';
  const f = (v: number) => v.toFixed(3);
  const random = typeof y.randomInit === 'number' ? `, random ${f(y.randomInit)}` : '';
  return `${f(y.mean)} ± ${f(y.spread ?? 0)} (base ${y.baseline === null ? '-' : f(y.baseline)}${random})`;
}

/** The table as plain text columns. */
export function compareTable(rows: CompareRow[]): string {
  const names = (Object.keys(YARDSTICKS) as YardstickName[]).filter((n) => rows.some((r) => r.yardsticks[n].mean !== null));
  const header = ['graph', 'seeds', 'steps', ...names];
  const body = rows.map((r) => [shortLabel(r.graph), String(r.seeds), String(r.steps), ...names.map((n) => cell(r.yardsticks[n]))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  // a description that starts with its own name ("generation: ...") is not named twice
  const legend = names.map((n) => `  ${YARDSTICKS[n].startsWith(`${n}:`) ? '' : `${n}: `}${YARDSTICKS[n]}`).join('\n');
  return [line(header), ...body.map(line), '', 'each cell: mean ± spread over seeds (base: what ignoring the input scores; random: the same model untrained)', legend].join('\n');
}

function progressLine(e: CompareEvent, total: number, labels: Map<number, string>): string | null {
  const at = (i: number) => `[${i + 1}/${total}] ${labels.get(i) ?? ''}`;
  switch (e.event) {
    case 'run':
      labels.set(e.index, `${shortLabel(e.graph)} seed ${e.seed}`);
      return `${at(e.index)}: ${e.stored ? 'measured before, kept' : `${e.resumed ? 'resuming' : 'training'} ${e.steps} steps`}`;
    case 'train':
      return e.step === 1 || e.step === e.steps || e.step % Math.max(1, Math.round(e.steps / 5)) === 0 ? `${at(e.index)}: step ${e.step}/${e.steps} loss ${e.loss.toFixed(4)} ETA ${Math.round(e.etaSeconds)}s` : null;
    case 'measure':
      return `${at(e.index)}: measuring ${e.yardstick}`;
    case 'result':
      return `${at(e.index)}: done in ${Math.round(e.result.seconds)} s`;
    case 'failed':
      return `${at(e.index)}: failed while ${e.during}${e.nodeId ? ` at node ${e.nodeId}` : ''}: ${e.message}${e.skipped.length ? ` (its ${e.skipped.length} other run${e.skipped.length === 1 ? '' : 's'} left out)` : ''}`;
    default:
      return null;
  }
}

export async function compareCommand(pos: string[], o: Options): Promise<number> {
  const budget = intOption(o, 'budget-tokens', 1) ?? DEFAULT_BUDGET_TOKENS;
  const seeds = intOption(o, 'seeds', 1) ?? 3;
  const json = o.json === true;
  const out = (o.out as string | undefined) ?? join('runs', `compare-${new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}`);
  const graphs: CompareGraph[] = [];
  for (const arg of pos) {
    const file = graphPath(arg);
    const loaded = await loadGraphFile(file);
    if (!loaded.ok) {
      printDiagnostics(file, loaded.diagnostics, process.stderr);
      return 1;
    }
    graphs.push({ source: file, doc: loaded.doc });
  }
  // a folder holds one compare: the same graphs, budget and seeds, or it is someone else's
  const plan = JSON.stringify({ budget, seeds, graphs: graphs.map((g) => ({ source: g.source, graph: serializeGraph(g.doc) })) });
  const planFile = join(out, 'compare-plan.json');
  if (existsSync(planFile) && (await readFile(planFile, 'utf8')) !== plan) {
    throw new UsageError(`${out} holds a compare of other graphs, budget or seeds: give another --out (or the same settings to resume it)`);
  }
  await mkdir(out, { recursive: true });
  await writeFile(planFile, plan);
  const { backend } = await initCliBackend(backendOption(o));
  const labels = new Map<number, string>();
  let total = 0;
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  let done;
  try {
    done = await compare({
      graphs,
      budgetTokens: budget,
      seeds,
      registry: createRegistry(),
      data: createNodeDataSource(),
      store: fileStore(out),
      signal: controller.signal,
      onEvent: (e) => {
        if (e.event === 'plan') total = e.runs.length;
        if (json) {
          if (e.event !== 'train' || e.step === e.steps) process.stdout.write(JSON.stringify(e.event === 'result' ? { event: 'result', index: e.index, graph: e.result.graph, seed: e.result.seed, measures: e.result.measures } : e) + '\n');
        } else {
          const line = progressLine(e, total, labels);
          if (line) process.stderr.write(line + '\n');
        }
      },
    });
  } finally {
    process.off('SIGINT', stop);
  }
  if (controller.signal.aborted) {
    process.stderr.write(`stopped: ${done.results.length} of ${total} runs measured; run the same command to go on\n`);
    return 1;
  }
  const chart = compareChart(done.rows);
  await writeFile(join(out, 'compare.json'), JSON.stringify({ budgetTokens: budget, seeds, backend, rows: done.rows, runs: done.results, failures: done.failures }, null, 1));
  await writeFile(join(out, 'compare.csv'), compareCsv(done.rows));
  await writeFile(join(out, 'compare.png'), rgbPng(chart.width, chart.height, chart.rgb));
  if (json) {
    const rows = done.rows.map((r) => ({ graph: r.graph, name: r.name, seeds: r.seeds, steps: r.steps, yardsticks: r.yardsticks }));
    process.stdout.write(JSON.stringify({ event: 'compare', rows, failures: done.failures }) + '\n');
  } else {
    process.stdout.write(`${compareTable(done.rows)}\n\nwritten: ${join(out, 'compare.json')}, compare.csv, compare.png\n`);
  }
  // the table holds what was measured; a failed graph is a problem to fix, then the same command tries it again
  for (const f of done.failures) {
    printDiagnostics(f.graph, [{ nodeId: f.nodeId, severity: 'error', message: `seed ${f.seed} failed while ${f.during}: ${f.message}` }], process.stderr);
  }
  if (done.failures.length) process.stderr.write(`${done.failures.length} graph${done.failures.length === 1 ? '' : 's'} failed: fix ${done.failures.length === 1 ? 'it' : 'them'} and run the same command to try again (measured runs are kept)\n`);
  return done.failures.length ? 1 : 0;
}
