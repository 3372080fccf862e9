import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { build } from 'vite';
import { electronViteConfig } from './electron.vite.config.js';
import { NodeTrainingHost } from '../electron/tfjs-node-process.js';
import { forkLikeElectron } from '../electron/test-support/fork-like-electron.js';
import type { NodeRunEvent } from '../electron/ipc-contract.js';
import { tinyGraph } from '../test/support/tiny-graphs.js';
import { TORCH_PYTHON } from '../test/support/torch-python.js';

/**
 * `npm run build:electron`, into a scratch folder: what it emits, and that the emitted files work
 * without Electron: the preload in a sandbox-like context with a stand-in `electron` module, and
 * the tfjs-node worker forked as a real process (wasm backend in place of tfjs-node, with
 * `process.parentPort` supplied as Electron would) and driven by the real NodeTrainingHost.
 * The folder is inside the repository so the built files find node_modules as in the app.
 */
const repo = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(repo, '.tmp', `electron-build-${process.pid}`);
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));

beforeAll(async () => {
  rmSync(outDir, { recursive: true, force: true });
  for (const target of ['main', 'preload'] as const) await build({ ...electronViteConfig(target, outDir), configFile: false });
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Every bare import/require in a built file: npm packages, node builtins, electron. */
function bareImports(code: string): string[] {
  // an import statement's clause is names, braces, commas and `* as`: Python source held in a string ("import torch") is not one
  const specs = [...code.matchAll(/(?:^|\n)\s*import\s+(?:[\w$*{},\s]+?\s+from\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
  return [...new Set(specs.filter((s) => !s.startsWith('.')))];
}
const packageName = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);

describe('npm run build:electron', () => {
  it('emits main.js and the worker as ES modules, and preload.cjs as one CommonJS file', () => {
    const files = readdirSync(outDir);
    expect(files).toEqual(expect.arrayContaining(['main.js', 'tfjs-node-worker.js', 'preload.cjs']));
    const main = readFileSync(join(outDir, 'main.js'), 'utf8');
    expect(main).toMatch(/^import .* from "electron";$/m);
    const preload = readFileSync(join(outDir, 'preload.cjs'), 'utf8');
    expect(bareImports(preload)).toEqual(['electron']); // a sandboxed preload can require nothing else
    expect(preload).not.toMatch(/^import /m);
    expect(existsSync(join(outDir, 'preload.js'))).toBe(false);
  });

  it('leaves npm packages as imports, each one a production dependency of the app', () => {
    const code = [join(outDir, 'main.js'), join(outDir, 'tfjs-node-worker.js'), ...readdirSync(join(outDir, 'chunks')).map((f) => join(outDir, 'chunks', f))]
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const packages = [...new Set(bareImports(code).filter((s) => !s.startsWith('node:') && !builtinModules.includes(s)).map(packageName))].sort();
    // what electron-builder puts in the package: dependencies and optionalDependencies
    const shipped = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.optionalDependencies ?? {}), 'electron']);
    expect(packages.filter((p) => !shipped.has(p)), 'imported at run time but not a production dependency').toEqual([]);
    expect(packages).toEqual(expect.arrayContaining(['electron', 'zod', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm']));
    // the renderer's libraries are bundled into dist/renderer, never loaded by main
    for (const p of ['react', 'react-dom', '@xyflow/react', 'monaco-editor', 'uplot']) expect(packages).not.toContain(p);
    // the builder config may drop renderer-only packages from the package, never one main needs
    const builder = readFileSync(join(repo, 'build', 'electron-builder.yml'), 'utf8');
    const excluded = /!\*\*\/node_modules\/\{([^}]+)\}/.exec(builder)![1]!.split(',');
    expect(packages.filter((p) => excluded.includes(p))).toEqual([]);
  });
});

describe('the built preload', () => {
  function loadPreload() {
    const exposed: Record<string, any> = {};
    const listeners = new Map<string, ((e: unknown, p: unknown) => void)[]>();
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (k: string, v: unknown) => void (exposed[k] = v) },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => (invoked.push(args), 'answer'),
        on: (c: string, l: (e: unknown, p: unknown) => void) => void listeners.set(c, [...(listeners.get(c) ?? []), l]),
        removeListener: (c: string, l: unknown) => void listeners.set(c, (listeners.get(c) ?? []).filter((x) => x !== l)),
      },
    };
    const errors: unknown[] = [];
    const module = { exports: {} };
    const context = vm.createContext({
      module,
      exports: module.exports,
      require: (id: string) => {
        if (id === 'electron') return electron;
        throw new Error(`a sandboxed preload cannot require "${id}"`);
      },
      console: { error: (...a: unknown[]) => errors.push(a), warn: () => {}, log: () => {} },
    });
    vm.runInContext(readFileSync(join(outDir, 'preload.cjs'), 'utf8'), context);
    const emit = (c: string, payload: unknown) => (listeners.get(c) ?? []).forEach((l) => l({ sender: 'secret' }, payload));
    return { exposed, invoked, listeners, emit, errors };
  }

  it('exposes window.pretrainLab with invoke and on, and nothing else', () => {
    const { exposed } = loadPreload();
    expect(Object.keys(exposed)).toEqual(['pretrainLab']);
    expect(Object.keys(exposed.pretrainLab).sort()).toEqual(['invoke', 'on']);
  });

  it('forwards the contract\'s channels and refuses any other', async () => {
    const { exposed, invoked } = loadPreload();
    await expect(exposed.pretrainLab.invoke('recent:list', {})).resolves.toBe('answer');
    expect(invoked).toEqual([['recent:list', {}]]);
    await expect(exposed.pretrainLab.invoke('shell:exec', { cmd: 'rm' })).rejects.toThrow('pretrainLab.invoke: unknown channel "shell:exec"');
    expect(invoked).toHaveLength(1);
    expect(() => exposed.pretrainLab.on('ipc:anything', () => {})).toThrow('pretrainLab.on: unknown channel "ipc:anything"');
  });

  it('delivers checked payloads only (never Electron\'s event), and unsubscribes', () => {
    const { exposed, emit, errors, listeners } = loadPreload();
    const got: unknown[] = [];
    const off = exposed.pretrainLab.on('menu:command', (p: unknown) => got.push(p));
    emit('menu:command', { command: 'save' });
    emit('menu:command', { command: 'rm -rf' });
    expect(got).toEqual([{ command: 'save' }]);
    expect(String((errors[0] as unknown[])[0])).toMatch(/ipc "menu:command": invalid payload/);
    off();
    expect(listeners.get('menu:command')).toEqual([]);
    emit('menu:command', { command: 'open' });
    expect(got).toHaveLength(1);
  });
});

describe('the built tfjs-node worker, as a process', () => {
  const runsDir = join(outDir, 'runs');

  function runHost() {
    mkdirSync(runsDir, { recursive: true });
    const events: NodeRunEvent[] = [];
    const host = new NodeTrainingHost({
      fork: forkLikeElectron,
      workerPath: join(outDir, 'tfjs-node-worker.js'),
      runsDir,
      backend: 'wasm',
      emit: (_id, e) => events.push(e),
    });
    return { host, events };
  }

  it('trains, forwards every event in order, writes the run folder, and stops when asked', async () => {
    const { host, events } = runHost();
    const { runId, runDir } = await host.start(tinyGraph('causal-lm'), 1000);
    await vi.waitFor(() => expect(events.filter((e) => e.event === 'step').length).toBeGreaterThanOrEqual(2), { timeout: 280_000, interval: 50 });
    host.stop(runId);
    await host.ended(runId);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('backend');
    expect(events[0]).toMatchObject({ backend: 'wasm' });
    expect(names).toContain('start');
    expect(names.at(-1)).toBe('done');
    expect(names).not.toContain('crash');
    expect(names).not.toContain('error');
    const done = events.at(-1) as Extract<NodeRunEvent, { event: 'done' }>;
    expect(done.stopped).toBe(true);
    expect(done.step).toBeLessThan(1000);
    const steps = events.filter((e) => e.event === 'step').map((e) => (e as { step: number }).step);
    expect(steps).toEqual(steps.map((_, i) => i + 1));
    expect(readdirSync(runDir)).toEqual(expect.arrayContaining(['graph.json', 'events.jsonl', 'latest']));
    const logged = readFileSync(join(runDir, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).event);
    expect(logged).toEqual(names.filter((n) => n !== 'backend' && n !== 'progress'));
  });

  it('reports a broken graph as errors pinned to its nodes, then ends cleanly', async () => {
    const { host, events } = runHost();
    const doc = tinyGraph('causal-lm');
    const { runId } = await host.start({ ...doc, edges: doc.edges.slice(1) });
    await host.ended(runId);
    const errors = events.filter((e) => e.event === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.map((e) => (e as { nodeId: string }).nodeId)).toContain(doc.edges[0]!.to.node);
    expect(events.map((e) => e.event)).not.toContain('crash');
  });

  // the app's "PyTorch (local Python)" backend and "Export .py": the Python library is bundled
  // into the worker (a packaged app has no checkout to read it from)
  describe.skipIf(!TORCH_PYTHON)('with the local Python and torch', () => {
    it("trains on the pytorch backend: the exported program's events, its run folder, and a stop", async () => {
      const { host, events } = runHost();
      const { runId, runDir } = await host.start(tinyGraph('causal-lm'), 400, 'pytorch');
      await vi.waitFor(() => expect(events.filter((e) => e.event === 'step').length).toBeGreaterThanOrEqual(2), { timeout: 280_000, interval: 50 });
      host.stop(runId);
      await host.ended(runId);
      const names = events.map((e) => e.event);
      expect(events[0]).toEqual({ event: 'backend', backend: 'pytorch', tried: [] });
      expect(names).toContain('start');
      expect(names).not.toContain('crash');
      expect(names).not.toContain('error');
      const done = events.at(-1) as Extract<NodeRunEvent, { event: 'done' }>;
      expect(done).toMatchObject({ event: 'done', stopped: true });
      expect(done.step).toBeLessThan(400);
      expect(readdirSync(runDir)).toEqual(expect.arrayContaining(['graph.json', 'events.jsonl', 'latest', 'pytorch']));
      expect(existsSync(join(runDir, 'pytorch', 'program.py'))).toBe(true);
    });

    it('reports a graph the export refuses as errors pinned to its nodes, on the pytorch backend too', async () => {
      const { host, events } = runHost();
      const doc = tinyGraph('causal-lm');
      const { runId } = await host.start({ ...doc, edges: doc.edges.slice(1) }, undefined, 'pytorch');
      await host.ended(runId);
      const errors = events.filter((e) => e.event === 'error');
      expect(errors.map((e) => (e as { nodeId: string }).nodeId)).toContain(doc.edges[0]!.to.node);
      expect(events.map((e) => e.event)).not.toContain('crash');
    });

    it('exports a graph as a PyTorch program with its data folder, and says what is wrong with a broken one', async () => {
      const { host } = runHost();
      const file = join(outDir, 'export', 'tiny.py');
      const seen: NodeRunEvent[] = [];
      expect(await host.exportPytorch(tinyGraph('causal-lm'), file, (e) => seen.push(e))).toEqual({ ok: true, errors: [] });
      expect(readFileSync(file, 'utf8')).toMatch(/^#!.*python|import torch/m);
      expect(readdirSync(join(outDir, 'export', 'tiny.data'))).toContain('manifest.json');
      expect(seen.some((e) => e.event === 'progress' && /wrote .*tiny\.py/.test(e.message))).toBe(true);
      const doc = tinyGraph('causal-lm');
      const broken = await host.exportPytorch({ ...doc, edges: doc.edges.slice(1) }, join(outDir, 'export', 'broken.py'));
      expect(broken.ok).toBe(false);
      expect(broken.errors.join('\n')).toMatch(new RegExp(`node ${doc.edges[0]!.to.node}: `));
      expect(existsSync(join(outDir, 'export', 'broken.py'))).toBe(false);
    });
  });
});
